import Testing
@testable import TerminalUI

@Suite struct HeatmapTests {
    let map = DivergingColorMap(mode: .xterm256)

    @Test func signGoesToTheRightSideOfTheMap() {
        #expect(map.level(for: 0.9, scale: 1) > 0)
        #expect(map.level(for: -0.9, scale: 1) < 0)
        #expect(map.level(for: 0, scale: 1) == 0)
        #expect(map.level(for: 5, scale: 1) == map.levelsPerSide)
        #expect(map.color(for: 1, scale: 1) == DivergingColorMap.positive256.last)
        #expect(map.color(for: -1, scale: 1) == DivergingColorMap.negative256.last)
        #expect(map.color(for: 0, scale: 1) == DivergingColorMap.neutral256)
        // Red side has more red than blue, blue side the reverse.
        let red = map.color(for: 0.5, scale: 1).approximateRGB!, blue = map.color(for: -0.5, scale: 1).approximateRGB!
        #expect(red.red > red.blue)
        #expect(blue.blue > blue.red)
    }

    @Test func rampsGetLighterWithMagnitude() {
        func lightness(_ c: TerminalColor) -> Int { let x = c.approximateRGB!; return x.red + x.green + x.blue }
        for ramp in [DivergingColorMap.positive256, DivergingColorMap.negative256] {
            let l = ramp.map(lightness)
            #expect(l == l.sorted() && Set(l).count == l.count)
        }
    }

    @Test(arguments: [ColorMode.ansi16, .ansi8])
    func fewColourModesStayInTheirPalette(mode: ColorMode) {
        let m = DivergingColorMap(mode: mode)
        let limit = mode == .ansi16 ? 16 : 8
        for v in stride(from: Float(-1), through: 1, by: 0.1) {
            guard case .palette(let i) = m.color(for: v, scale: 1) else { Issue.record("no palette"); return }
            #expect(Int(i) < limit)
        }
        #expect(m.color(for: 1, scale: 1) != m.color(for: -1, scale: 1))
    }

    @Test func monochromeCarriesTheSignInTheGlyph() {
        let m = DivergingColorMap(mode: .monochrome)
        #expect(m.glyph(for: 0, scale: 1) == " ")
        #expect(m.glyph(for: 1, scale: 1) == "@")
        #expect(m.glyph(for: -1, scale: 1) == "&")
        #expect(DivergingColorMap.positiveGlyphs.contains(m.glyph(for: 0.4, scale: 1)))
        #expect(DivergingColorMap.negativeGlyphs.contains(m.glyph(for: -0.4, scale: 1)))
    }

    @Test func halfBlockPutsRowZeroInForegroundAndRowOneInBackground() throws {
        // Column 0: +1 over -1; column 1: 0 over +0.5.
        let matrix = Matrix(rows: 2, columns: 2, values: [1, 0, -1, 0.5])
        let area = Rect(x: 3, y: 2, width: 2, height: 1)
        let g = try #require(HeatmapGeometry(rows: 2, columns: 2, area: area, pixelsPerCell: 2))
        #expect(!g.isTransposed && !g.isPooled && g.rowZoom == 1 && g.columnZoom == 1)
        var buffer = CellBuffer(width: 8, height: 4)
        HeatmapView.drawMatrix(matrix, geometry: g, scale: 1, cursor: nil, options: DisplayOptions(), into: &buffer)
        let left = buffer[3, 2], right = buffer[4, 2]
        #expect(left.character == "▀")
        #expect(left.foreground == map.color(for: 1, scale: 1))
        #expect(left.background == map.color(for: -1, scale: 1))
        #expect(right.foreground == DivergingColorMap.neutral256)
        #expect(right.background == map.color(for: 0.5, scale: 1))
        #expect(buffer.marks(outside: area) == 0)
    }

    @Test func monochromeDrawsOneRowPerCell() throws {
        let matrix = Matrix(rows: 2, columns: 1, values: [1, -1])
        let area = Rect(x: 0, y: 0, width: 1, height: 2)
        let g = try #require(HeatmapGeometry(rows: 2, columns: 1, area: area, pixelsPerCell: 1))
        var buffer = CellBuffer(width: 1, height: 2)
        HeatmapView.drawMatrix(matrix, geometry: g, scale: 1, cursor: nil,
                               options: DisplayOptions(colorMode: .monochrome), into: &buffer)
        #expect(buffer[0, 0].character == "@")
        #expect(buffer[0, 1].character == "&")
    }

    @Test func maxAbsPoolingKeepsTheSignedExtreme() {
        let m = Matrix(rows: 2, columns: 4, values: [0.1, -0.9, 0.3, 0.2,
                                                     0.5, 0.0, -0.1, 0.4])
        let p = m.pooled(rowFactor: 2, columnFactor: 2)
        #expect(p.rows == 1 && p.columns == 2)
        #expect(p.values == [-0.9, 0.4])
        // Uneven sizes keep a partial block rather than dropping entries.
        #expect(Matrix(rows: 3, columns: 3, repeating: 1).pooled(rowFactor: 2, columnFactor: 2).rows == 2)
    }

    @Test func geometryPoolsAndTransposesToFit() throws {
        let g = try #require(HeatmapGeometry(rows: 64, columns: 8, area: Rect(x: 0, y: 0, width: 8, height: 8),
                                             pixelsPerCell: 2))
        #expect(!g.isTransposed)
        #expect(g.rowFactor == 4 && g.columnFactor == 1)
        #expect(g.poolingLabel == "pooled 4x1")
        // A tall matrix in a wide area is better transposed.
        let t = try #require(HeatmapGeometry(rows: 40, columns: 4, area: Rect(x: 0, y: 0, width: 40, height: 4),
                                             pixelsPerCell: 2))
        #expect(t.isTransposed && !t.isPooled)
        #expect(t.cell(ofRow: 39, column: 3).x == 39)
    }

    @Test func readoutShowsTheExactValueUnderTheCursor() throws {
        var snapshot = sampleSnapshot(k: 16, v: 24)
        snapshot.state![3, 7] = 0.123456
        var ui = UIState()
        ui.cellCursor = MatrixPosition(row: 3, column: 7)
        ui.showsReadout = true
        let size = TerminalSize(width: 120, height: 40)
        let buffer = Screen.render(snapshot: snapshot, ui: ui, size: size)
        #expect(buffer.text.contains("S[3,7] = 0.123"))
        let g = try #require(Screen.heatmapView(snapshot: snapshot, ui: ui).geometry(in: Layout(size: size)[.state]!))
        let spot = g.cell(ofRow: 3, column: 7)
        #expect(buffer[spot.x, spot.y].character == "◆")
    }

    @Test func clickSelectsTheEntryDrawnThere() throws {
        let snapshot = sampleSnapshot(k: 16, v: 24)
        let ui = UIState()
        let size = TerminalSize(width: 100, height: 30)
        let g = try #require(Screen.heatmapView(snapshot: snapshot, ui: ui).geometry(in: Layout(size: size)[.state]!))
        let spot = g.cell(ofRow: 6, column: 5)
        let action = Screen.action(forClickAt: spot.x, y: spot.y, snapshot: snapshot, ui: ui, size: size)
        guard case .selectCell(let r, let c) = action else { Issue.record("no selection: \(String(describing: action))"); return }
        #expect(c == 5)
        // A click selects the first entry of the pooled block under it.
        #expect(r == 6 / g.rowFactor * g.rowFactor)
        #expect(Screen.action(forClickAt: 0, y: 0, snapshot: snapshot, ui: ui, size: size) == nil)
    }

    @Test func lockedScaleSurvivesNewFrames() {
        var ui = UIState()
        let snapshot = sampleSnapshot()
        ui.apply(.toggleScaleLock, snapshot: snapshot, size: TerminalSize(width: 100, height: 30))
        #expect(ui.scaleMode == .locked(snapshot.state!.maxAbs))
        // A later frame with another max |S| still draws on the locked scale.
        let later = sampleSnapshot(k: 4, v: 4)
        #expect(later.state!.maxAbs != snapshot.state!.maxAbs)
        #expect(Screen.heatmapView(snapshot: later, ui: ui).scale == snapshot.state!.maxAbs)
        ui.apply(.locked, snapshot: sampleSnapshot(k: 4, v: 4))
        #expect(ui.scaleMode == .locked(sampleSnapshot(k: 4, v: 4).state!.maxAbs))
        ui.apply(.value(0.5), snapshot: snapshot)
        #expect(ui.scaleMode.resolve(automatic: 9) == 0.5)
    }
}
