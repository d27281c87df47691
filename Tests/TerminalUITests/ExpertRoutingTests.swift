import Foundation
import GatedDeltaNet
import Testing
@testable import TerminalUI

/// On a mixture-of-experts layer (the golden Qwen3-Next: layers 0, 1 and 3 route to 8 experts, top 2,
/// renormalised; layer 2 is dense) the update pane's title says where the token at t went, and the
/// export carries it (`expert`, `shared_expert_gate`).
@Suite struct ExpertRoutingTests {
    static func explorer() throws -> Explorer {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let model = try GatedDeltaNetModel(directory: root.appendingPathComponent("Tests/GatedDeltaNetTests/Fixtures/hf-models/qwen3_next-tiny"))
        var explorer = Explorer(model: model)
        try explorer.feed("experts route")
        return explorer
    }

    static func text(_ buffer: CellBuffer) -> String { (0..<45).map { buffer.text(ofRow: $0) }.joined(separator: "\n") }

    @Test func theRoutingOfTheTokenAtTIsShownAndExported() throws {
        var explorer = try Self.explorer()
        let snapshot = explorer.snapshot()
        let routing = try #require(snapshot.experts)
        #expect(routing.experts.count == 2 && Set(routing.experts).count == 2)
        #expect(routing.experts.allSatisfy { (0..<8).contains($0) })
        #expect(abs(routing.weights.reduce(0, +) - 1) < 1e-5)   // norm_topk_prob
        #expect(routing.weights[0] >= routing.weights[1])
        #expect(routing.sharedGate > 0 && routing.sharedGate < 1)
        let screen = Self.text(Screen.render(snapshot: snapshot, ui: UIState(), size: TerminalSize(width: 160, height: 45)))
        #expect(screen.contains("experts \(routing.experts[0]) "), "\(screen.prefix(800))")
        let csv = ViewTable(snapshot: snapshot).csv()
        #expect(csv.contains("expert,0,,\(snapshot.cursor + 1),,\(routing.experts[0]),"))
        #expect(csv.contains("shared_expert_gate,0,,"))
        // Another token goes elsewhere or with other weights; the dense layer 2 routes nowhere.
        explorer.goto(step: 1)
        #expect(explorer.snapshot().experts != routing)
        explorer.select(layer: 2, head: 0)
        #expect(explorer.snapshot().experts == nil)
        let dense = Self.text(Screen.render(snapshot: explorer.snapshot(), ui: UIState(), size: TerminalSize(width: 160, height: 45)))
        #expect(!dense.contains("experts"))
    }
}
