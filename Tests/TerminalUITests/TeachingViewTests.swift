import Foundation
import Testing
import GatedDelta
import GatedDeltaNet
@testable import TerminalUI

/// The teaching views rendered to cell buffers: the rule comparison, the erasure accounting, the
/// recall strip and lessons played with no model, at the test sizes and colour modes.
@Suite struct TeachingViewTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func lesson(_ name: String) throws -> Explorer {
        Explorer(recording: try Lesson(contentsOf: root.appendingPathComponent("Samples/lessons/\(name).lesson")).recording)
    }

    static func ui(_ mode: ColorMode) -> UIState { UIState(display: DisplayOptions(colorMode: mode)) }

    @Test func everyViewLaysOutWithoutOverlapsAtEverySize() {
        for size in testSizes {
            for view in TeachingView.allCases {
                for recall in [false, true] {
                    let layout = Layout(size: size, view: view, showsRecall: recall)
                    let rects = layout.visiblePanes.compactMap { layout[$0] }
                    for (i, a) in rects.enumerated() {
                        #expect(a.x >= 0 && a.y >= 0 && a.maxX <= size.width && a.maxY <= size.height - 2)
                        for b in rects[(i + 1)...] {
                            #expect(a.intersection(b).width <= 0 || a.intersection(b).height <= 0, "\(size) \(view)")
                        }
                    }
                    #expect(layout.visiblePanes.contains(.rules) == (view == .rules))
                    #expect(layout.visiblePanes.contains(.erasure) == (view == .erasure))
                    #expect(layout[.tokens]?.height == (recall ? 5 : 3))
                }
            }
        }
    }

    @Test func rulesViewShowsFourRulesOnOneScaleWithDriftAndOverrides() throws {
        var explorer = try Self.lesson("interference")
        explorer.show(.rules)
        explorer.goto(step: 4)
        try explorer.perform(.selectRule(.linear))
        try explorer.perform(.toggleForceAlpha)
        let snapshot = explorer.snapshot()
        let frame = try #require(snapshot.rules)
        #expect(frame.panels.map(\.rule) == UpdateRule.allCases)
        // linear attention wrote the dog twice: 2 is the largest entry of the four states.
        #expect(frame.scale == 2)
        #expect(frame.panels.first { $0.isOwnRule }?.rule == .delta)
        #expect(frame.panels.first { $0.isSelected }?.overrideLabel == "α=1")
        for size in testSizes {
            for mode in testModes {
                let text = Screen.render(snapshot: snapshot, ui: Self.ui(mode), size: size).text
                for name in ["linear [α=1]", "gated", "delta (own)", "gated delta", "drift S 1 o 1", "+2"] {
                    #expect(text.contains(name), "\(size) \(mode) lacks \(name)")
                }
                #expect(!text.contains("memory S"))
            }
        }
        // Every heatmap cell of every rule is drawn with the shared scale: the linear state's 2 is the
        // darkest colour, the delta state's 1 is not.
        let size = TerminalSize(width: 200, height: 60)
        let buffer = Screen.render(snapshot: snapshot, ui: Self.ui(.xterm256), size: size)
        let rect = try #require(Layout(size: size, for: snapshot)[.rules])
        let view = RuleComparisonView(frame: frame, layer: 0, head: 0, options: DisplayOptions(colorMode: .xterm256))
        let map = DivergingColorMap(mode: .xterm256)
        let areas = view.panelRects(in: rect.inset(by: 1))
        func colors(in area: Rect) -> Set<TerminalColor> {
            var found = Set<TerminalColor>()
            for y in area.y + 2..<area.maxY - 1 {
                for x in area.x..<area.maxX where buffer[x, y].character == "▀" {
                    found.insert(buffer[x, y].style.foreground)
                    found.insert(buffer[x, y].style.background)
                }
            }
            return found
        }
        #expect(colors(in: areas[0]).contains(map.color(for: 2, scale: 2)))
        #expect(!colors(in: areas[2]).contains(map.color(for: 2, scale: 2)))
        #expect(colors(in: areas[2]).contains(map.color(for: 1, scale: 2)))
    }

    @Test func erasureViewShowsNormsPerStepAndPerHeadAndMarksTheTokens() throws {
        var explorer = try Self.lesson("gating")
        explorer.show(.erasure)
        explorer.goto(step: 5)
        let snapshot = explorer.snapshot()
        let frame = try #require(snapshot.erasure)
        #expect(Set(frame.mostErasing.prefix(2)) == [3, 4])
        for size in testSizes {
            let buffer = Screen.render(snapshot: snapshot, ui: Self.ui(.xterm256), size: size)
            let text = buffer.text
            // alpha = 0 at step 5 erased the three half-size associations: sqrt(3)/2 = 0.866.
            #expect(text.contains("gate erase  0.866"), "\(size)")
            #expect(text.contains("h0    0.866"), "\(size)")
            // The most-erasing tokens are underlined in the token strip.
            let strip = try #require(Layout(size: size, for: snapshot)[.tokens])
            let underlined = (strip.x..<strip.maxX).filter { buffer[$0, strip.y + 1].style.attributes.contains(.underline) }
            #expect(!underlined.isEmpty)
            #expect(text.contains("memory S"))   // the memory stays beside the accounting
        }
    }

    @Test func recallStripShowsIntactAndErasedAssociationsUnderTheirTokens() throws {
        var explorer = try Self.lesson("interference")
        explorer.goto(step: 4)
        try explorer.perform(.toggleRecall)
        explorer.probe(step: 1)
        let snapshot = explorer.snapshot()
        let recall = try #require(snapshot.recall)
        #expect(recall.recall.map(\.cosine) == [0, 1, 1, 1])
        let size = TerminalSize(width: 100, height: 30)
        let buffer = Screen.render(snapshot: snapshot, ui: Self.ui(.monochrome), size: size)
        let strip = try #require(Layout(size: size, for: snapshot)[.tokens])
        let tokens = buffer.text(ofRow: strip.y + 1), glyphs = buffer.text(ofRow: strip.y + 2)
        func glyph(under label: String) -> Character {
            let offset = tokens.distance(from: tokens.startIndex, to: tokens.range(of: label)!.lowerBound)
            return glyphs[glyphs.index(glyphs.startIndex, offsetBy: offset)]
        }
        #expect(glyph(under: "cat:red") == "▁")     // overwritten: recall 0
        #expect(glyph(under: "dog:blue") == "█")    // intact: recall 1
        #expect(buffer.text(ofRow: strip.y + 3).contains("j=1: cos 0.0 size 1.0"))
        #expect(buffer.text(ofRow: strip.y + 3).contains("overwritten by similar key: t3"))
        // , and . move the probe and stay within 1...t.
        try explorer.perform(.moveProbe(-1))
        #expect(explorer.snapshot().recall?.probe == 0)
        try explorer.perform(.moveProbe(9))
        #expect(explorer.snapshot().recall?.probe == 3)
    }

    @Test(arguments: ["interference", "gating", "gated-delta", "grouped-keys"])
    func eachLessonPlaysToItsEndWithNarrationAndNoModel(name: String) throws {
        var explorer = try Self.lesson(name)
        let steps = explorer.count
        var narrations: [String] = []
        for view in TeachingView.allCases {
            explorer.show(view)
            explorer.goto(step: 1)
            for _ in 0..<steps + 2 {
                let snapshot = explorer.snapshot()
                #expect(!snapshot.hasModel && snapshot.nextTokens.isEmpty && snapshot.state != nil)
                if view == .memory { narrations.append(try #require(snapshot.narration)) }
                let text = Screen.render(snapshot: snapshot, ui: Self.ui(.xterm256), size: TerminalSize(width: 120, height: 40)).text
                #expect(text.contains("lesson") && !text.contains("next token"))
                #expect(text.contains(snapshot.narration!.split(separator: " ").prefix(2).joined(separator: " ")))
                try explorer.perform(.stepForward)   // past the end: stays on the last step
            }
            #expect(explorer.cursor == steps - 1)
        }
        #expect(Set(narrations).count == steps, "one narration per step")
        #expect(throws: ModelError.self) { try explorer.feed("x") }   // no model to feed
    }

    @Test func theModelSessionFeedsTheSameViews() throws {
        var explorer = Explorer(model: ExplorerTests.model)
        try explorer.feed("gates erase")
        try explorer.perform(.cycleView)
        #expect(explorer.teaching.view == .rules)
        let rules = try #require(explorer.snapshot().rules)
        #expect(rules.panels.count == 4 && rules.panels[0].state.rows == 32 && rules.panels[0].state.columns == 64)
        let own = try #require(rules.panels.first { $0.isOwnRule })
        #expect(own.rule == .gatedDelta)
        // The own rule's replay ends in the state the session itself shows at the cursor.
        explorer.show(.memory)
        let state = try #require(explorer.snapshot().state)
        let difference = zip(own.state.values, state.values).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
        #expect(difference < 1e-4)   // chunked prefill versus recurrent replay in float32
        try explorer.perform(.cycleView)
        try explorer.perform(.cycleView)
        let erasure = try #require(explorer.snapshot().erasure)
        #expect(erasure.history.count == 11 && erasure.heads.count == 2)
        // Frames follow the session: more text, a longer history (nothing stale is kept).
        try explorer.feed(" too")
        #expect(explorer.snapshot().erasure?.history.count == 15)
        explorer.reset()
        try explorer.feed("gates erase")
        #expect(explorer.snapshot().erasure == erasure)
        let text = Screen.render(snapshot: explorer.snapshot(), ui: UIState(), size: TerminalSize(width: 100, height: 30)).text
        #expect(text.contains("gate erase") && text.contains("next token"))
    }

    @Test func asciiOnlyTeachingViewsUseNoBlockCharacters() throws {
        var explorer = try Self.lesson("gated-delta")
        explorer.goto(step: 5)
        try explorer.perform(.toggleRecall)
        for view in TeachingView.allCases {
            explorer.show(view)
            for mode in testModes {
                let ui = UIState(display: DisplayOptions(colorMode: mode, asciiOnly: true))
                let text = Screen.render(snapshot: explorer.snapshot(), ui: ui, size: TerminalSize(width: 120, height: 40)).text
                #expect(!text.contains { "▀▁▂▃▄▅▆▇█▸…".contains($0) }, "\(view) \(mode)")
            }
        }
    }

    @Test func teachingCommandsParse() {
        #expect(CommandParser.parse(":view ru") == .success(.view(.rules)))
        #expect(CommandParser.parse(":lesson gating") == .success(.lesson("gating")))
        #expect(CommandParser.parse(":probe 3") == .success(.probe(step: 3)))
        #expect(CommandParser.parse(":probe 0") == .failure(CommandError("usage: :probe J (at least 1)")))
        #expect(CommandParser.parse(":view x") == .failure(CommandError("usage: :view NAME (memory, rules or erasure)")))
    }

    /// Past `teachingWindow` tokens the views analyse a window before the cursor, starting from the
    /// model's own memory there: the own rule's replay still ends in the state the session shows.
    @Test func aLongSessionIsAnalysedInAWindowFromTheModelsOwnMemory() throws {
        var explorer = Explorer(model: ExplorerTests.model)
        let text = String((0..<1500).map { Character(UnicodeScalar(UInt8(97 + ($0 * 7) % 26))) })
        try explorer.feed(text)
        explorer.show(.memory)
        let state = try #require(explorer.snapshot().state)
        explorer.show(.rules)
        try explorer.perform(.toggleRecall)
        let snapshot = explorer.snapshot()
        let own = try #require(snapshot.rules?.panels.first { $0.isOwnRule })
        // A chunked window forward and the step replay of the memory view: fp32 rounding apart.
        let difference = zip(own.state.values, state.values).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
        #expect(difference < 1e-4 * max(state.maxAbs, 1))
        let recall = try #require(snapshot.recall)
        #expect(recall.firstStep > 0 && recall.firstStep <= 1499 - Explorer.teachingWindow + 1)
        #expect(recall.recall.count == 1499 - recall.firstStep + 1)
        explorer.show(.erasure)
        let erasure = try #require(explorer.snapshot().erasure)
        #expect(erasure.firstStep == recall.firstStep)
        #expect(erasure.mostErasing.allSatisfy { $0 >= erasure.firstStep && $0 < 1500 })
        // The strip draws under the right tokens: the last token's column carries the last recall.
        let buffer = Screen.render(snapshot: snapshot, ui: Self.ui(.xterm256), size: TerminalSize(width: 120, height: 40))
        #expect(buffer.text.contains("recall of j=1500"))
    }
}
