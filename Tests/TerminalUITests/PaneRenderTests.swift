import Testing
@testable import TerminalUI

@Suite struct PaneRenderTests {
    @Test(arguments: testSizes, testModes)
    func everyPaneStaysInsideItsRectangleAndShowsItsTitle(size: TerminalSize, mode: ColorMode) throws {
        let snapshot = sampleSnapshot()
        let ui = UIState(display: DisplayOptions(colorMode: mode))
        let layout = Layout(size: size)
        #expect(layout.visiblePanes.contains(.state))
        #expect(layout.visiblePanes.contains(.tokens))
        for pane in layout.visiblePanes {
            let (buffer, rect) = try #require(renderPane(pane, snapshot: snapshot, ui: ui, size: size))
            #expect(buffer.marks(outside: rect) == 0, "\(pane) drew outside \(rect) at \(size)")
            let top = buffer.text(in: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)).first ?? ""
            let titleWord = pane == .state ? "memory" : pane == .nextTokens ? "next" : pane.title
            #expect(top.contains(titleWord), "\(pane) title missing at \(size): \(top)")
        }
    }

    @Test(arguments: testSizes, testModes)
    func wholeScreenHasStatusAndColourBarLimits(size: TerminalSize, mode: ColorMode) throws {
        let snapshot = sampleSnapshot()
        let ui = UIState(display: DisplayOptions(colorMode: mode))
        let buffer = Screen.render(snapshot: snapshot, ui: ui, size: size)
        #expect(buffer.width == size.width && buffer.height == size.height)
        let status = buffer.text(ofRow: size.height - 2)
        #expect(status.contains("tiny-gdn"))
        #expect(status.contains("t 36/40"))
        let stateRect = try #require(Layout(size: size)[.state])
        let paneText = buffer.text(in: stateRect).joined(separator: "\n")
        let scale = try #require(snapshot.state).maxAbs
        #expect(paneText.contains(ValueFormat.signed(scale)))
        #expect(paneText.contains(ValueFormat.signed(-scale)))
    }

    @Test(arguments: testSizes, testModes)
    func heatmapCellCountMatchesTheMatrix(size: TerminalSize, mode: ColorMode) throws {
        let snapshot = sampleSnapshot(k: 16, v: 24)
        let ui = UIState(display: DisplayOptions(colorMode: mode))
        let rect = try #require(Layout(size: size)[.state])
        let view = Screen.heatmapView(snapshot: snapshot, ui: ui)
        let g = try #require(view.geometry(in: rect))
        let buffer = Screen.render(snapshot: snapshot, ui: ui, size: size)
        // Every matrix entry (pooled) is covered: the frame spans display entries times zoom.
        #expect(g.frame.width == g.displayColumns * g.columnZoom)
        #expect(g.frame.height == (g.displayRows * g.rowZoom + g.pixelsPerCell - 1) / g.pixelsPerCell)
        let shownRows = g.isTransposed ? 24 : 16, shownColumns = g.isTransposed ? 16 : 24
        #expect(g.displayRows == (shownRows + g.rowFactor - 1) / g.rowFactor)
        #expect(g.displayColumns == (shownColumns + g.columnFactor - 1) / g.columnFactor)
        // And exactly those cells are heatmap cells in the rendered screen.
        var heatCells = 0
        let glyphs = Set(DivergingColorMap.positiveGlyphs + DivergingColorMap.negativeGlyphs)
        // Every row between the info line and the colour bar (the bar itself uses the same glyphs).
        for y in rect.y + 2..<rect.maxY - 2 {
            for x in rect.x + 1..<rect.maxX - 1 {
                let c = buffer[x, y]
                let isHeat = mode.usesColor ? c.character == "▀" : glyphs.contains(c.character)
                if isHeat {
                    heatCells += 1
                    #expect(g.frame.contains(x: x, y: y))
                }
            }
        }
        if mode.usesColor {
            #expect(heatCells == g.frame.width * g.frame.height)
        } else {
            // Zero is a blank in the glyph scheme; the sample state is zero only on its diagonal
            // (16 of 384 entries), so nearly every cell of the frame holds a glyph.
            #expect(heatCells > g.frame.width * g.frame.height * 3 / 4)
        }
    }

    @Test func poolingIsAnnouncedWhenTheMatrixIsTooBig() throws {
        let snapshot = sampleSnapshot(k: 128, v: 128)
        let size = TerminalSize(width: 80, height: 24)
        let buffer = Screen.render(snapshot: snapshot, ui: UIState(), size: size)
        let rect = try #require(Layout(size: size)[.state])
        let text = buffer.text(in: rect).joined(separator: "\n")
        #expect(text.contains("pooled"))
        #expect(text.contains("128x128"))
    }

    @Test func sizeMessageBelowTheMinimum() {
        let buffer = Screen.render(snapshot: sampleSnapshot(), ui: UIState(), size: TerminalSize(width: 59, height: 20))
        #expect(buffer.text.contains("at least 60x16"))
        #expect(buffer.text.contains("59x20"))
        #expect(!buffer.text.contains("memory"))
        let ok = Screen.render(snapshot: sampleSnapshot(), ui: UIState(), size: TerminalSize(width: 60, height: 16))
        #expect(!ok.text.contains("at least"))
        #expect(ok.text.contains("memory"))
    }

    @Test func compactLayoutDropsGatesAndRoomyShowsAll() {
        #expect(!Layout(size: TerminalSize(width: 80, height: 24)).visiblePanes.contains(.gates))
        #expect(Layout(size: TerminalSize(width: 100, height: 30)).visiblePanes == [.tokens, .state, .update, .gates, .nextTokens])
        #expect(Layout(size: TerminalSize(width: 200, height: 60)).visiblePanes == [.tokens, .state, .update, .gates, .nextTokens])
    }

    @Test func tabCyclesOnlyVisiblePanes() {
        var ui = UIState()
        let size = TerminalSize(width: 80, height: 24)
        var seen: [Pane] = []
        for _ in 0..<4 {
            ui.apply(.focusNext, snapshot: sampleSnapshot(), size: size)
            seen.append(ui.focus)
        }
        #expect(seen == [.update, .nextTokens, .tokens, .state])
    }

    @Test func updatePaneShowsNormsOfEveryPart() throws {
        let snapshot = sampleSnapshot()
        let size = TerminalSize(width: 120, height: 40)
        let (buffer, rect) = try #require(renderPane(.update, snapshot: snapshot, ui: UIState(), size: size))
        let text = buffer.text(in: rect).joined(separator: "\n")
        for part in try #require(snapshot.update).namedParts {
            #expect(text.contains("\(part.name) \(ValueFormat.short(part.matrix.frobeniusNorm))"))
        }
        #expect(text.contains("shared"))
    }

    @Test func gatesHighlightTheSelectedHead() throws {
        let snapshot = sampleSnapshot()
        let (buffer, rect) = try #require(renderPane(.gates, snapshot: snapshot, ui: UIState(),
                                                     size: TerminalSize(width: 120, height: 40)))
        let rows = buffer.text(in: rect)
        let row = try #require(rows.firstIndex { $0.contains("h2 ") })
        #expect(buffer[rect.x + 1, rect.y + row].attributes.contains(.reverse))
        let other = try #require(rows.firstIndex { $0.contains("h1 ") })
        #expect(!buffer[rect.x + 1, rect.y + other].attributes.contains(.reverse))
        #expect(rows.joined().contains("▁") || rows.joined().contains("█"))
    }
}
