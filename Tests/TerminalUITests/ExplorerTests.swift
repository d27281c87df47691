import Foundation
import Testing
import GatedDeltaNet
@testable import TerminalUI

/// The explorer on the bundled sample model: what the keys and commands do to the session and what
/// the screen is given to draw.
@Suite struct ExplorerTests {
    static let model: GatedDeltaNetModel = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try! GatedDeltaNetModel(directory: root.appendingPathComponent("Samples/models/tiny-gdn"))
    }()

    @Test func feedingMovesTheCursorToTheEndAndFillsTheSnapshot() throws {
        var explorer = Explorer(model: Self.model)
        try explorer.feed("delta rule")
        #expect(explorer.count == 10 && explorer.cursor == 9)
        let snapshot = explorer.snapshot()
        #expect(snapshot.tokens.map(\.id) == "delta rule".utf8.map(Int.init))
        #expect(snapshot.tokens.map(\.piece) == "delta rule".map(String.init))
        #expect(snapshot.state?.rows == 32 && snapshot.state?.columns == 64)
        #expect(snapshot.alphaHistory.count == 2 && snapshot.alphaHistory[0].count == 10)
        #expect(snapshot.nextTokens.count == Explorer.topCandidates)
        let total = snapshot.nextTokens.reduce(0) { $0 + $1.probability }
        #expect(total > 0 && total <= 1.0001)
        // The update parts add up to the difference between this state and the previous one.
        explorer.goto(step: 9)
        let previous = try #require(explorer.snapshot().state)
        let update = try #require(snapshot.update)
        let state = try #require(snapshot.state)
        for i in state.values.indices {
            let change = -update.gateErase.values[i] + update.deltaErase.values[i] + update.newWrite.values[i]
            #expect(abs(previous.values[i] + change - state.values[i]) < 1e-5)
        }
    }

    @Test func steppingBackAndForthAndGeneratingAtTheEnd() throws {
        var explorer = Explorer(model: Self.model)
        try explorer.feed("abc")
        try explorer.perform(.stepBackward)
        #expect(explorer.cursor == 1)
        let middle = explorer.snapshot().state
        try explorer.perform(.stepForward)
        #expect(explorer.cursor == 2)
        #expect(explorer.snapshot().state != middle)
        try explorer.perform(.stepForward)   // at the end: generates one token
        #expect(explorer.count == 4 && explorer.cursor == 3)
        #expect(explorer.origins == [.user, .user, .user, .generated])
    }

    @Test func layerAndHeadSelectionIsClamped() throws {
        var explorer = Explorer(model: Self.model)
        try explorer.feed("x")
        try explorer.perform(.nextLayer)
        try explorer.perform(.nextLayer)
        #expect(explorer.layer == 1)
        try explorer.perform(.previousHead)
        #expect(explorer.head == 0)
        let snapshot = explorer.snapshot()
        #expect(snapshot.layer == 1 && snapshot.layerCount == 2)
    }

    @Test func greedyGenerationIsReproducibleAndResetEmpties() throws {
        var a = Explorer(model: Self.model), b = Explorer(model: Self.model)
        try a.feed("The ")
        try b.feed("The ")
        try a.generate(12)
        try b.generate(12)
        #expect(a.session?.tokens == b.session?.tokens)
        a.reset()
        #expect(a.count == 0 && a.snapshot().state == nil)
    }

    /// After a reset, a new text that puts the same token at the same place shows its own state, not
    /// the old session's (the step cache must not survive the session).
    @Test func aNewTextAfterResetShowsItsOwnState() throws {
        var explorer = Explorer(model: Self.model)
        try explorer.feed("Hello")
        let hello = try #require(explorer.snapshot().state)
        explorer.reset()
        try explorer.feed("Jello")
        let jello = try #require(explorer.snapshot().state)
        var fresh = Explorer(model: Self.model)
        try fresh.feed("Jello")
        #expect(jello == fresh.snapshot().state)
        #expect(jello != hello)
    }

    @Test func exportWritesTheNumbersBehindTheView() throws {
        var explorer = Explorer(model: Self.model)
        try explorer.feed("export")
        let snapshot = explorer.snapshot()
        let screen = Screen.render(snapshot: snapshot, ui: UIState(), size: TerminalSize(width: 100, height: 30))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-export-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try ViewExport.write(snapshot: snapshot, screen: screen, to: path)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        let state = try #require(object?["state"] as? [String: Any])
        #expect(state["rows"] as? Int == 32)
        #expect((state["values"] as? [Double])?.count == 32 * 64)
        #expect(object?["T"] as? Int == 6)
        #expect(throws: CommandError.self) { try ViewExport.write(snapshot: snapshot, screen: screen, to: "/tmp/x.bmp") }
    }

    /// Every change of the source bumps the generation that keys the caches; moving about does not.
    @Test func changesOfTheSourceBumpTheGeneration() throws {
        var explorer = Explorer(model: Self.model)
        var last = explorer.generation
        func bumped(_ body: (inout Explorer) throws -> Void) rethrows -> Bool {
            try body(&explorer)
            defer { last = explorer.generation }
            return explorer.generation > last
        }
        #expect(try bumped { try $0.feed("abc") })
        #expect(try bumped { try $0.generate(1) })
        #expect(!(try bumped { try $0.perform(.stepBackward) }))
        #expect(!bumped { $0.select(layer: 1, head: 1) })
        #expect(bumped { $0.reset() })
        #expect(try bumped { try $0.replaceModel(Self.model) })
    }

    /// A frame's snapshot holds the tokens and gates around the cursor, not the session; drawn, it
    /// shows the same strip and position as the whole one.
    @Test func aFrameSnapshotHoldsAWindowAroundTheCursor() throws {
        var explorer = Explorer(model: Self.model)
        try explorer.feed(String(repeating: "window ", count: 300))
        explorer.goto(step: 1500)
        let frame = explorer.snapshot(window: 100), whole = explorer.snapshot(window: nil)
        #expect(frame.tokenCount == 2100 && frame.tokenRange == 1399..<1600 && whole.tokens.count == 2100)
        #expect(frame.historyStart == 1399 && frame.alphaHistory[0].count == 201)
        #expect(frame.alphaHistory[1][100] == whole.alphaHistory[1][1499])
        #expect(frame.token(at: 1499) == whole.tokens[1499])
        let size = TerminalSize(width: 100, height: 30)
        let a = Screen.render(snapshot: frame, ui: UIState(), size: size)
        let b = Screen.render(snapshot: whole, ui: UIState(), size: size)
        #expect(a == b)
    }
}
