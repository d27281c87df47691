import Foundation
import Testing
import GatedDeltaNet
@testable import TerminalUI

/// The explorer on the golden hybrids (hybrid-swa: GDN, attn W16, GDN, attn W16; hybrid-full: GDN,
/// GDN, full attention): what a snapshot of an attention layer holds, and the window edge a GDN
/// layer's recall strip marks.
@Suite struct HybridSnapshotTests {
    static func model(_ name: String) throws -> GatedDeltaNetModel {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try GatedDeltaNetModel(directory: root.appendingPathComponent("Tests/GatedDeltaNetTests/Fixtures/models/\(name)"))
    }

    static let text = "The cat sat on the mat and looked at the dog."   // 45 tokens

    static func explorer(_ name: String, layer: Int, head: Int = 0) throws -> Explorer {
        var explorer = Explorer(model: try model(name))
        try explorer.feed(text)
        explorer.select(layer: layer, head: head)
        return explorer
    }

    @Test func aSlidingWindowLayerShowsTheWeightsOfTheKeysItSees() throws {
        var explorer = try Self.explorer("hybrid-swa", layer: 1, head: 2)
        let snapshot = explorer.snapshot()
        #expect(snapshot.layers == [.gatedDeltaNet, .attention(window: 16), .gatedDeltaNet, .attention(window: 16)])
        #expect(snapshot.layerSummary.label == "attn W16" && snapshot.headCount == 4)
        #expect(snapshot.state == nil && snapshot.update == nil)
        let frame = try #require(snapshot.attention)
        #expect(frame.head == 2 && frame.position == 44 && frame.window == 16)
        #expect(frame.windowStart == 29 && frame.keyCount == 16 && frame.keyRange == 29..<45)
        #expect(abs(frame.weights.reduce(0, +) - 1) < 1e-4)
        #expect(frame.weight(at: 28) == 0)
        // The ranked keys are the largest weights, most first, named by their own pieces.
        #expect(frame.ranked.count == Explorer.attendedKeys)
        #expect(frame.ranked.map(\.weight) == frame.ranked.map(\.weight).sorted(by: >))
        #expect(frame.ranked.first?.weight == frame.maxWeight)
        let pieces = Self.text.map(String.init)
        for key in frame.ranked { #expect(key.piece == pieces[key.position] && frame.weight(at: key.position) == key.weight) }
        // The edge the strip marks is the layer's own.
        #expect(snapshot.windowEdge == WindowEdge(layer: 1, window: 16, cursor: 44))
        // The model's own record, through the frame.
        let step = try #require(explorer.currentStep()?.attention(layer: 1))
        for j in 29...44 { #expect(frame.weight(at: j) == step.weight(head: 2, position: j)) }
        #expect(frame.outputNorm == step.outputNorms[2])
    }

    @Test func theWeightsChangeWithTheStep() throws {
        var explorer = try Self.explorer("hybrid-swa", layer: 3)
        let last = try #require(explorer.snapshot().attention)
        try explorer.perform(.stepBackward)
        let before = try #require(explorer.snapshot().attention)
        #expect(before.position == 43 && before.keyRange == 28..<44)
        #expect(before.weights != last.weights)
    }

    @Test func aFullAttentionLayerSeesEveryEarlierToken() throws {
        var explorer = try Self.explorer("hybrid-full", layer: 2)
        let snapshot = explorer.snapshot()
        #expect(snapshot.layerSummary == .attention(window: nil) && snapshot.layerSummary.label == "attn full")
        let frame = try #require(snapshot.attention)
        #expect(frame.windowStart == 0 && frame.keyCount == 45 && frame.weights.count == 45)
        #expect(snapshot.windowEdge == nil)
        // A frame of a narrow screen keeps the weights of the tokens it holds; the ranking sees them all.
        explorer.goto(step: 45)
        let narrow = try #require(explorer.snapshot(window: 10).attention)
        #expect(narrow.keyRange == 34..<45 && narrow.keyCount == 45 && narrow.ranked == frame.ranked)
    }

    @Test func aGDNLayerOfAHybridMarksWhatLeftTheNearestWindow() throws {
        var explorer = try Self.explorer("hybrid-swa", layer: 2)
        try explorer.perform(.toggleRecall)
        let snapshot = explorer.snapshot()
        #expect(snapshot.attention == nil && snapshot.state != nil && snapshot.recall != nil)
        // Layers 1 and 3 are as near: the earlier one, whose output layer 2 reads.
        #expect(snapshot.windowEdge == WindowEdge(layer: 1, window: 16, cursor: 44))
        #expect(snapshot.windowEdge?.hasLeft(28) == true && snapshot.windowEdge?.hasLeft(29) == false)
    }

    @Test func theHeadIsClampedToEachLayersOwnHeads() throws {
        var explorer = try Self.explorer("hybrid-swa", layer: 1, head: 3)
        #expect(explorer.head == 3 && explorer.headCount == 4)
        try explorer.perform(.nextLayer)
        #expect(explorer.layer == 2 && explorer.headCount == 2 && explorer.head == 1)
        try explorer.perform(.nextLayer)
        try explorer.perform(.nextHead)
        try explorer.perform(.nextHead)
        #expect(explorer.layer == 3 && explorer.head == 3)
        try explorer.perform(.nextLayer)
        #expect(explorer.layer == 3)
    }

    @Test func nearestLayersAndTheHintToAGDNLayer() {
        let layers: [LayerSummary] = [.gatedDeltaNet, .attention(window: 16), .attention(window: nil), .gatedDeltaNet]
        #expect(layers.nearestAttention(to: 0)! == (1, 16))
        #expect(layers.nearestAttention(to: 3)! == (2, nil))
        #expect(layers.nearestGatedDeltaNet(from: 2)! == (3, true))
        #expect(layers.nearestGatedDeltaNet(from: 1)! == (3, true))
        let map = KeyMap.standard
        #expect(map.gatedDeltaNetHint(layers: layers, from: 2) == "] next GDN layer L3")
        #expect(map.gatedDeltaNetHint(layers: layers, from: 1) == ":layer 3 for GDN layer L3")
        #expect(map.gatedDeltaNetHint(layers: [.gatedDeltaNet, .attention(window: 4)], from: 1) == "[ previous GDN layer L0")
        #expect(map.gatedDeltaNetHint(layers: [.attention(window: 4)], from: 0) == "no GDN layer in this model")
        #expect([LayerSummary]().summary(of: 5) == .gatedDeltaNet)
    }
}

extension HybridSnapshotTests {
    /// The export of an attention layer (the whole session) draws one rect per key the head saw.
    @Test func theSVGOfAnAttentionLayerHasOneRectPerAttendedKey() throws {
        for (name, layer, keys) in [("hybrid-swa", 1, 16), ("hybrid-full", 2, 45)] {
            var explorer = try Self.explorer(name, layer: layer)
            let svg = ViewPicture(snapshot: explorer.snapshot(window: nil)).svg()
            #expect(svg.components(separatedBy: "class=\"key\"").count - 1 == keys, "\(name)")
            #expect(!svg.contains("class=\"cell\""))
        }
    }
}
