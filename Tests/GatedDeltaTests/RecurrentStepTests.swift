import Foundation
import Testing
@testable import GatedDelta

@Suite struct RecurrentStepTests {
    /// Hand-computed single steps of each rule on a 2 x 2 state (exact in binary fractions).
    @Test func rulesOnAHandComputedStep() {
        // S = [[1, 2], [3, 4]], k = (1, 0), v = (10, 20), g = ln(0.5), beta = 0.5, q = (0, 1), scale 1.
        let s0: [Float] = [1, 2, 3, 4]
        let expected: [UpdateRule: [Float]] = [
            .linear: [11, 22, 3, 4],                                    // S + k v^T
            .gated: [10.5, 21, 1.5, 2],                                 // 0.5 S + k v^T
            .delta: [1 + 0.5 * (10 - 1), 2 + 0.5 * (20 - 2), 3, 4],      // S + beta k (v - S^T k)^T
            .gatedDelta: [0.5 + 0.5 * (10 - 0.5), 1 + 0.5 * (20 - 1), 1.5, 2],
        ]
        for rule in UpdateRule.allCases {
            var state = s0
            let o = RecurrentGatedDelta.step(state: &state, q: [0, 1], k: [1, 0], v: [10, 20], g: [Foundation.log(Float(0.5))],
                                             beta: [0.5], keyHeads: 1, valueHeads: 1, keyDim: 2, valueDim: 2,
                                             options: GatedDeltaOptions(rule: rule, scale: 1))
            // exp(log 0.5) is 0.5 to within an ulp, so compare to 1e-5.
            #expect(zip(state, expected[rule]!).allSatisfy { abs($0 - $1) < 1e-5 }, "\(rule): \(state)")
            #expect(o == [state[2], state[3]], "\(rule): o = S^T q reads row 1")
        }
    }

    @Test(arguments: UpdateRule.allCases)
    func partsSumToTheUpdate(rule: UpdateRule) {
        var rng = SplitMix64(seed: 5)
        let (K, V) = (6, 5)
        let previous = [Float].random(K * V, in: -1...1, using: &rng)
        var k = [Float].random(K, in: -1...1, using: &rng)
        let norm = (k.reduce(0) { $0 + $1 * $1 }).squareRoot()
        k = k.map { $0 / norm }
        let v = [Float].random(V, in: -1...1, using: &rng)
        let (g, beta): (Float, Float) = (-0.7, 0.8)
        var state = previous
        _ = RecurrentGatedDelta.step(state: &state, q: k, k: k, v: v, g: [g], beta: [beta], keyHeads: 1,
                                     valueHeads: 1, keyDim: K, valueDim: V, options: GatedDeltaOptions(rule: rule))
        let parts = StepParts(previousState: previous, key: k, value: v, logDecay: g, beta: beta, rule: rule)
        let change = parts.totalChange
        // Float rounding of a handful of O(1) terms: 1e-6 absolute.
        for i in 0..<(K * V) { #expect(abs(previous[i] + change[i] - state[i]) < 1e-6) }
        #expect(parts.gateErase.allSatisfy { $0 == 0 } == !rule.decays)
        #expect(parts.deltaErase.allSatisfy { $0 == 0 } == !rule.correctsWithDelta)
    }
}

/// Shapes come from files (kernel cases, traces): absurd ones are errors, never an overflow trap or
/// a terabyte allocation.
@Suite struct ShapeLimitTests {
    @Test func overflowingAndHugeShapesAreRefused() {
        // Empty tensors can declare any dimension: the Int products would overflow.
        let overflowing = GatedDeltaShape(batch: 1 << 32, length: 0, keyHeads: 1, keyDim: 1 << 32, valueDim: 1 << 32)
        #expect(throws: KernelError.self) { try overflowing.validate() }
        // One step of 2^20-wide q and v is an 8 MB file but a 4 TB state.
        let hugeState = GatedDeltaShape(length: 1, keyHeads: 1, keyDim: 1 << 20, valueDim: 1 << 20)
        #expect(throws: KernelError.self) { try hugeState.validate() }
        // The largest published shapes (32 value heads of 128 x 128, long sequences) are fine.
        let real = GatedDeltaShape(length: 65_536, keyHeads: 16, valueHeads: 32, keyDim: 128, valueDim: 128)
        #expect(throws: Never.self) { try real.validate() }
    }
}
