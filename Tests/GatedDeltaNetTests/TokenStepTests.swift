import Foundation
import Testing
@testable import GatedDeltaNet

/// The allocation-free `model.step` makes the same BLAS calls and loops, in the same order, as
/// `forward([token], form: .recurrent)`, so the two must agree bit for bit (tolerance 0) in logits,
/// every cache and the recorded gates, on every model variant.
@Suite struct TokenStepTests {
    @Test(arguments: ForwardPathTests.variants.indices)
    func stepEqualsRecurrentForward(variant: Int) throws {
        let directory = try RandomCheckpoint(ForwardPathTests.variants[variant], seed: UInt64(variant + 30)).write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        let tokens = Array("Step by step: the state decays, erases and writes.".utf8).map(Int.init)
        var forwardCache = model.emptyCache(), stepCache = model.emptyCache()
        var workspace = TokenStepWorkspace(config: model.config)
        for token in tokens {
            var calls: [GatedDeltaNetAttention.KernelCall] = []
            let logits = try model.forward([token], cache: &forwardCache, form: .recurrent) { _, call in calls.append(call) }
            try model.step(token, cache: &stepCache, workspace: &workspace)
            #expect(workspace.logits == logits)
            #expect(stepCache == forwardCache)
            for (l, call) in calls.enumerated() {
                #expect(Array(workspace.logDecay(layer: l)) == call.inputs.g)
                #expect(Array(workspace.beta(layer: l)) == call.inputs.beta)
            }
        }
        // Not vacuous: the state moved away from zero.
        #expect(stepCache[0].state.contains { $0 != 0 })
    }

    @Test func rejectsATokenOutsideTheVocabulary() throws {
        let directory = try RandomCheckpoint().write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        var cache = model.emptyCache()
        var workspace = TokenStepWorkspace(config: model.config)
        #expect(throws: ModelError.self) { try model.step(256, cache: &cache, workspace: &workspace) }
        #expect(cache == model.emptyCache())
    }
}
