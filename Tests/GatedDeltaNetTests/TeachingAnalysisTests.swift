import Foundation
import Testing
import GatedDelta
@testable import GatedDeltaNet

/// The teaching analyses (rule replay, erasure accounting, recall probe) against the kernels, on the
/// sample model's real rule inputs and on lessons whose answers follow from their one-hot vectors.
@Suite struct TeachingAnalysisTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let model = try! GatedDeltaNetModel(directory: root.appendingPathComponent("Samples/models/tiny-gdn"))
    static let layers = try! LayerStream.record(model: model, tokens: Array("Gates erase; deltas overwrite.".utf8).map(Int.init))

    static func lesson(_ name: String) throws -> Lesson {
        try Lesson(contentsOf: root.appendingPathComponent("Samples/lessons/\(name).lesson"))
    }

    /// A stream with strong decay and writes, so every part of every step is far from zero.
    static func randomStream(seed: UInt64, length: Int = 24, K: Int = 8, V: Int = 6) -> HeadStream {
        var rng = SplitMix64(seed: seed)
        func vector(_ n: Int) -> [Float] { (0..<n).map { _ in Float.random(in: -1...1, using: &rng) } }
        return HeadStream(keyDim: K, valueDim: V, queries: (0..<length).map { _ in l2Normalized(vector(K)) },
                          keys: (0..<length).map { _ in l2Normalized(vector(K)) }, values: (0..<length).map { _ in vector(V) },
                          logDecays: (0..<length).map { _ in Float.random(in: -2...0, using: &rng) },
                          betas: (0..<length).map { _ in Float.random(in: 0...1, using: &rng) },
                          scale: 1 / Float(K).squareRoot(), rule: .gatedDelta)
    }

    static func maxDifference(_ x: [Float], _ y: [Float]) -> Float {
        zip(x, y).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    @Test(arguments: UpdateRule.allCases)
    func accountingPartsSumToTheKernelsUpdate(rule: UpdateRule) {
        for stream in [Self.randomStream(seed: 7), Self.layers[1].head(1)] {
            // The kernel's own states, one token at a time.
            var kernelState = stream.initialState
            var worst: Float = 0, largest: Float = 0
            MemoryWalk.run(stream, rule: rule) { t, parts, _ in
                let previous = kernelState
                _ = RecurrentGatedDelta.step(state: &kernelState, q: stream.queries[t], k: stream.keys[t],
                                             v: stream.values[t], g: [stream.logDecays[t]], beta: [stream.betas[t]],
                                             keyHeads: 1, valueHeads: 1, keyDim: stream.keyDim, valueDim: stream.valueDim,
                                             options: stream.kernelOptions(rule: rule))
                // S_new = S_prev - (1 - alpha) S_prev - beta k p^T + beta k v^T
                let summed = previous.indices.map { previous[$0] - parts.gateErase[$0] + parts.deltaErase[$0] + parts.newWrite[$0] }
                worst = max(worst, Self.maxDifference(summed, kernelState))
                largest = max(largest, kernelState.reduce(0) { max($0, abs($1)) })
            }
            // float32: each entry differs by the rounding of a K-term dot product and three adds,
            // a few ulps of the largest entry; 1e-5 of it leaves a wide margin.
            #expect(worst <= 1e-5 * max(largest, 1), "\(rule): parts are off by \(worst)")
        }
    }

    @Test func accountingNormsAreThePartsNormsAndMarkTheErasingSteps() throws {
        let stream = try Self.lesson("gating").stream
        let accounting = ErasureAccounting(stream)
        #expect(accounting.steps.count == stream.length)
        // Step 5 (alpha = 0) wipes three unit associations at half size: ||gate erase|| = sqrt(3) * 0.5.
        #expect(abs(accounting.steps[4].gateErase - Float(0.75).squareRoot()) < 1e-6)
        #expect(accounting.steps[4].state == 0)
        // Step 4 (alpha = 0.5) erases half of three unit associations.
        #expect(abs(accounting.steps[3].gateErase - Float(0.75).squareRoot()) < 1e-6)
        #expect(accounting.steps[0].erased == 0 && accounting.steps[0].newWrite == 1)
        #expect(Set(accounting.mostErasing(2)) == [3, 4])
    }

    @Test(arguments: UpdateRule.allCases)
    func eachRulesReplayEqualsTheKernel(rule: UpdateRule) {
        let overrides = [RuleOverride.none, RuleOverride(forcesAlphaOne: true), RuleOverride(forcedBeta: 0),
                         RuleOverride(forcesAlphaOne: true, forcedBeta: 1)]
        for stream in [Self.randomStream(seed: 11), Self.layers[0].head(0)] {
            for override in overrides {
                let replay = RuleReplay(stream, rule: rule, override: override)
                let fed = stream.overridden(override)
                let kernel = RecurrentGatedDelta.forward(fed.kernelInputs(), options: fed.kernelOptions(rule: rule))
                // Same float32 operations in a different order (parts, then their sum): a few ulps.
                #expect(Self.maxDifference(replay.outputs.flatMap { $0 }, kernel.output) < 1e-5, "\(rule) \(override)")
                #expect(Self.maxDifference(replay.state, kernel.finalState) < 1e-5, "\(rule) \(override)")
            }
        }
    }

    @Test func theModelsHeadStreamReplaysToTheModelsOwnKernelCall() {
        // Cutting one head out of a multi-head, grouped call (with the kernel's q/k normalisation and
        // scale) must give the same read-outs the whole call gave for that head.
        for layer in Self.layers {
            let whole = RecurrentGatedDelta.forward(layer.inputs, options: layer.options)
            let (HV, V) = (layer.inputs.shape.valueHeads, layer.inputs.shape.valueDim)
            for hv in 0..<HV {
                let replay = RuleReplay(layer.head(hv), rule: layer.options.rule)
                var expected: [Float] = []
                for t in 0..<layer.length {
                    let start = (t * HV + hv) * V
                    expected += whole.output[start..<start + V]
                }
                #expect(Self.maxDifference(replay.outputs.flatMap { $0 }, expected) < 1e-5)
            }
        }
    }

    @Test func comparisonDriftIsZeroForAnEquivalentRuleAndNotForOthers() throws {
        let stream = try Self.lesson("interference").stream
        let last = stream.length - 1
        let comparison = RuleComparison(stream, through: last)
        let drift = Dictionary(uniqueKeysWithValues: comparison.entries.map { ($0.replay.rule, $0.stateDrift) })
        // The own rule (delta) is the reference itself; gated delta is replayed separately and, with
        // alpha = 1 throughout the lesson, must land on the same state.
        #expect(drift[.gatedDelta] == 0)
        #expect(drift[.linear]! > 0.5)
        // Linear attention reads red + green for the cat; the delta rule green alone.
        let linear = try #require(comparison.entries.first { $0.replay.rule == .linear })
        #expect(linear.replay.output == [1, 0, 1, 0])
        #expect(comparison.reference.output == [0, 0, 1, 0])
        // Forcing beta = 0 under the delta rule writes nothing: memory stays empty.
        let forced = RuleComparison(stream, through: last, overrides: [.delta: RuleOverride(forcedBeta: 0)])
        #expect(forced.entries.first { $0.replay.rule == .delta }!.replay.state.allSatisfy { $0 == 0 })
        #expect(comparison.sharedScale == 2)   // linear attention wrote the dog twice
    }

    @Test func recallProbeGivesOneForIntactAndZeroForErasedAssociations() throws {
        // interference: cat:red, dog:blue, cat:green, dog:blue with orthogonal one-hot keys and values.
        let stream = try Self.lesson("interference").stream
        let recall = RecallProbe.strip(stream, through: 3)
        #expect(recall.map(\.cosine) == [0, 1, 1, 1])      // cat:red was overwritten by cat:green
        #expect(recall.map(\.ratio) == [1, 1, 1, 1])       // (red's key returns green: size 1, direction 0)
        // gating: after alpha = 0 at step 5 nothing is returned.
        let gating = try Self.lesson("gating").stream
        #expect(RecallProbe.strip(gating, through: 2).map(\.cosine) == [1, 1, 1])
        #expect(RecallProbe.strip(gating, through: 3).map(\.ratio).prefix(3) == [0.5, 0.5, 0.5])
        #expect(RecallProbe.strip(gating, through: 4).allSatisfy { $0.cosine == 0 && $0.ratio == 0 })
    }

    @Test func associationHistoryNamesTheGateAndTheOverwrite() throws {
        let history = AssociationHistory(try Self.lesson("interference").stream, token: 0, through: 3)
        #expect(history.steps.map(\.recall.cosine) == [1, 1, 0, 0])
        #expect(history.similarKeyWrites == [2])
        #expect(history.weakenedByGate.isEmpty)
        #expect(history.summary.contains("overwritten by similar key: t3"))
        let gated = AssociationHistory(try Self.lesson("gating").stream, token: 1, through: 5)
        #expect(gated.weakenedByGate == [3, 4])
        #expect(gated.summary.contains("weakened by gate: t4 t5"))
    }
}
