import Foundation
import Testing
@testable import GatedDeltaNet

/// `model.step` on a session's reused workspace is the one forward path with T = 1: it must agree bit
/// for bit (tolerance 0) with `forward([token], form: .recurrent)` on a fresh workspace in logits,
/// every cache and the gates the workspace keeps (what the observer is handed), on every model variant.
@Suite struct TokenStepTests {
    @Test(arguments: ForwardPathTests.variants.indices)
    func stepEqualsRecurrentForward(variant: Int) throws {
        let directory = try RandomCheckpoint(ForwardPathTests.variants[variant], seed: UInt64(variant + 30)).write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        let tokens = Array("Step by step: the state decays, erases and writes.".utf8).map(Int.init)
        var forwardCache = model.emptyCache(), stepCache = model.emptyCache()
        var workspace = ForwardWorkspace(model: model)
        for token in tokens {
            var calls: [GatedDeltaNetLayer.KernelCall] = []
            let logits = try model.forward([token], cache: &forwardCache, form: .recurrent) { _, call in
                calls.append(try! #require(call.gatedDeltaNet))
            }
            try model.step(token, cache: &stepCache, workspace: &workspace)
            #expect(workspace.logits == logits)
            #expect(stepCache == forwardCache)
            for (l, call) in calls.enumerated() {
                #expect(workspace.logDecay(layer: l).map(Array.init) == call.inputs.g)
                #expect(workspace.beta(layer: l).map(Array.init) == call.inputs.beta)
            }
        }
        // Not vacuous: the state moved away from zero.
        #expect(stepCache[0].gatedDeltaNet?.state.contains { $0 != 0 } == true)
    }

    @Test func rejectsATokenOutsideTheVocabulary() throws {
        let directory = try RandomCheckpoint().write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        var cache = model.emptyCache()
        var workspace = ForwardWorkspace(model: model)
        #expect(throws: ModelError.self) { try model.step(256, cache: &cache, workspace: &workspace) }
        #expect(cache == model.emptyCache())
    }
}
