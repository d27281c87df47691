import Foundation
import GatedDeltaNet
@testable import TerminalUI
import Testing

/// The controller on the golden hybrid-swa (GDN, attn W16, GDN, attn W16) driven by keys and
/// commands, without a terminal: the frames it draws and what `:export` is given.
@Suite struct HybridControllerTests {
    static func controller() throws -> AppController {
        var explorer = Explorer(model: try HybridSnapshotTests.model("hybrid-swa"))
        try explorer.feed(HybridSnapshotTests.text)
        return ControllerTests.controller(explorer, focus: .tokens)
    }

    static func press(_ character: Character, on controller: inout AppController) {
        _ = controller.handle(.input(.key(.character(character))))
    }

    @Test func theLayerKeysReachTheAttentionLayerAndBack() throws {
        var controller = try Self.controller()
        #expect(controller.frame().text.contains("layer 0/3 GDN head 0/1"))
        Self.press("]", on: &controller)
        let attention = controller.frame().text
        #expect(attention.contains("layer 1/3 attn W16 head 0/3") && attention.contains("attention  L1 h0  attn W16"))
        #expect(attention.contains("most attended") && !attention.contains("memory S"))
        Self.press("h", on: &controller)
        let back = controller.frame().text
        #expect(back.contains("t 44 sees j 29...44") && back != attention)
        // The teaching views on an attention layer say they are for GDN layers.
        Self.press("v", on: &controller)
        #expect(controller.frame().text.contains("attention layer: the four rules replay a memory"))
        Self.press("v", on: &controller)
        #expect(controller.frame().text.contains("attention layer: erasure accounts for a memory"))
        Self.press("v", on: &controller)
        // The recall strip on the GDN layer before: what left L1's window is underlined.
        Self.press("r", on: &controller)
        #expect(controller.frame().text.contains("recall: GDN layers only, ] next GDN layer L2"))
        Self.press("[", on: &controller)
        #expect(controller.frame().text.contains("j<29 underlined: left L1's W16, memory only"))
    }

    @Test func anExportOfTheAttentionLayerHoldsEveryKeyItSaw() throws {
        var controller = try Self.controller()
        Self.press("]", on: &controller)
        _ = controller.handle(.input(.key(.character(":"))))
        for character in "export /tmp/never-written.csv" { Self.press(character, on: &controller) }
        let effects = controller.handle(.input(.key(.enter)))
        guard case .export(let request)? = effects.first(where: { if case .export = $0 { true } else { false } }) else {
            Issue.record("no export effect: \(effects)")
            return
        }
        let frame = try #require(request.snapshot.attention)
        #expect(request.snapshot.layerSummary == .attention(window: 16))
        #expect(frame.weights.count == 16 && frame.keyRange == 29..<45)
        let rows = ViewTable(snapshot: request.snapshot).csv().split(separator: "\n").filter { $0.hasPrefix("attention,1,0,45,") }
        #expect(rows.count == 16)
    }
}
