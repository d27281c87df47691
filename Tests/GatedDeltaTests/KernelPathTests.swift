import Foundation
import Testing
@testable import GatedDelta

/// The optimised paths against plain references: every lane width of the column sweep (32, 8 and the
/// one-float tail), the hand-written forward substitution, and threads.
@Suite struct KernelPathTests {
    /// V = 77 = 2 x 32 + 8 + 5 exercises every block width. The reference is `StepParts`, written
    /// independently as plain loops: S_new = S + total change, o = S_new^T (scale q). Sums of K = 7 products
    /// of O(1) values in a different order: 1e-5 absolute.
    @Test(arguments: UpdateRule.allCases)
    func stepMatchesStepPartsAtEveryLaneWidth(rule: UpdateRule) {
        var rng = SplitMix64(seed: 21)
        let (K, V) = (7, 77)
        let previous = [Float].random(K * V, in: -1...1, using: &rng)
        var k = [Float].random(K, in: -1...1, using: &rng)
        let norm = (k.reduce(0) { $0 + $1 * $1 }).squareRoot()
        k = k.map { $0 / norm }
        let q = [Float].random(K, in: -1...1, using: &rng), v = [Float].random(V, in: -1...1, using: &rng)
        let (g, beta): (Float, Float) = (-0.3, 0.6)
        var state = previous
        let o = RecurrentGatedDelta.step(state: &state, q: q, k: k, v: v, g: [g], beta: [beta], keyHeads: 1, valueHeads: 1,
                                         keyDim: K, valueDim: V, options: GatedDeltaOptions(rule: rule, scale: 1))
        let change = StepParts(previousState: previous, key: k, value: v, logDecay: g, beta: beta, rule: rule).totalChange
        let expected = zip(previous, change).map { $0 + $1 }
        #expect(zip(state, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        for j in 0..<V {
            let reference = (0..<K).reduce(Float(0)) { $0 + q[$1] * expected[$1 * V + j] }
            #expect(abs(o[j] - reference) < 1e-5, "column \(j)")
        }
    }

    /// (I + L) X = B solved in place, checked by multiplying back. L has entries in [-0.1, 0.1] so
    /// (I + L) is well conditioned; B has 45 columns (32 + 8 + 5). fp32 rounding over <= 40 terms: 1e-5.
    @Test func forwardSubstitutionSolvesTheUnitLowerSystem() {
        var rng = SplitMix64(seed: 4)
        let (n, columns, ldl, ldb) = (40, 45, 41, 47)
        var l = [Float].random(n * ldl, in: -0.1...0.1, using: &rng)
        let b = [Float].random(n * ldb, in: -1...1, using: &rng)
        var x = b
        l.withUnsafeMutableBufferPointer { lp in x.withUnsafeMutableBufferPointer { xp in
            solveUnitLowerTriangular(n, columns: columns, lp.baseAddress!, ldl: ldl, xp.baseAddress!, ldb: ldb)
        }}
        for i in 0..<n {
            for j in 0..<columns {
                let back = x[i * ldb + j] + (0..<i).reduce(Float(0)) { $0 + l[i * ldl + $1] * x[$1 * ldb + j] }
                #expect(abs(back - b[i * ldb + j]) < 1e-5, "row \(i), column \(j)")
            }
            for j in columns..<ldb { #expect(x[i * ldb + j] == b[i * ldb + j], "padding untouched") }
        }
        #expect(x != b)
    }

    /// Each head runs the same code on its own slice whichever thread takes it, so any thread count
    /// gives bit-identical results (tolerance 0), for both forms; 5 heads do not split evenly.
    @Test func threadCountDoesNotChangeTheResult() throws {
        let shape = GatedDeltaShape(batch: 1, length: 70, keyHeads: 5, keyDim: 16, valueDim: 40)
        let inputs = randomInputs(shape, seed: 9, withInitialState: true)
        let one = GatedDeltaOptions(rule: .gatedDelta, threads: 1)
        let recurrent = RecurrentGatedDelta.forward(inputs, options: one)
        let chunked = try ChunkedGatedDelta.forward(inputs, options: one)
        for threads in [2, 3, 8] {
            var options = one
            options.threads = threads
            let r = RecurrentGatedDelta.forward(inputs, options: options)
            let c = try ChunkedGatedDelta.forward(inputs, options: options)
            #expect(r.output == recurrent.output && r.finalState == recurrent.finalState, "recurrent, \(threads) threads")
            #expect(c.output == chunked.output && c.finalState == chunked.finalState, "chunked, \(threads) threads")
        }
    }

    /// `forward` runs tokens in segments on packed column blocks; `step` runs one token on the state in
    /// place. Each element sees the same multiply-adds in the same order either way, so they agree bit for
    /// bit (tolerance 0). V = 77 and T = 40 cover every lane width and a ragged last segment.
    @Test(arguments: UpdateRule.allCases)
    func segmentedForwardEqualsTokenByTokenSteps(rule: UpdateRule) {
        let shape = GatedDeltaShape(length: 40, keyHeads: 1, valueHeads: 2, keyDim: 9, valueDim: 77)
        let inputs = randomInputs(shape, seed: 17, withInitialState: true)
        let options = GatedDeltaOptions(rule: rule, normalizesQueryKey: true)
        let whole = RecurrentGatedDelta.forward(inputs, options: options)
        var state = inputs.initialState!
        var output: [Float] = []
        let (K, V, HV) = (shape.keyDim, shape.valueDim, shape.valueHeads)
        for t in 0..<shape.length {
            output += RecurrentGatedDelta.step(
                state: &state, q: Array(inputs.q[t * K..<(t + 1) * K]), k: Array(inputs.k[t * K..<(t + 1) * K]),
                v: Array(inputs.v[t * HV * V..<(t + 1) * HV * V]), g: Array(inputs.g[t * HV..<(t + 1) * HV]),
                beta: Array(inputs.beta[t * HV..<(t + 1) * HV]), keyHeads: 1, valueHeads: HV, keyDim: K, valueDim: V,
                options: options)
        }
        #expect(whole.output == output)
        #expect(whole.finalState == state)
    }

    /// No tokens: nothing to write, and the state comes back as it went in.
    @Test func emptySequenceLeavesTheStateAlone() {
        let inputs = randomInputs(GatedDeltaShape(length: 0, keyHeads: 2, keyDim: 8, valueDim: 40), seed: 2, withInitialState: true)
        for threads in [1, 2] {
            let result = RecurrentGatedDelta.forward(inputs, options: GatedDeltaOptions(threads: threads))
            #expect(result.output.isEmpty)
            #expect(result.finalState == inputs.initialState)
        }
    }

    /// The buffer form of `step` writes exactly what the array form returns (it is what the model's
    /// allocation-free token step calls), and leaves state and output of the right size.
    @Test func bufferStepEqualsArrayStep() {
        let shape = GatedDeltaShape(length: 1, keyHeads: 2, valueHeads: 4, keyDim: 8, valueDim: 12)
        let inputs = randomInputs(shape, seed: 13, withInitialState: true)
        let options = GatedDeltaOptions(rule: .gatedDelta, normalizesQueryKey: true)
        var arrayState = inputs.initialState!
        let arrayOutput = RecurrentGatedDelta.step(state: &arrayState, q: inputs.q, k: inputs.k, v: inputs.v, g: inputs.g,
                                                   beta: inputs.beta, keyHeads: 2, valueHeads: 4, keyDim: 8, valueDim: 12,
                                                   options: options)
        var state = inputs.initialState!
        var output = [Float](repeating: .nan, count: shape.valueCount)
        inputs.q.withUnsafeBufferPointer { q in inputs.k.withUnsafeBufferPointer { k in inputs.v.withUnsafeBufferPointer { v in
        inputs.g.withUnsafeBufferPointer { g in inputs.beta.withUnsafeBufferPointer { beta in
        state.withUnsafeMutableBufferPointer { s in output.withUnsafeMutableBufferPointer { o in
            RecurrentGatedDelta.step(state: s, q: q, k: k, v: v, g: g, beta: beta, output: o, keyHeads: 2, valueHeads: 4,
                                     keyDim: 8, valueDim: 12, options: options)
        }}}}}}}
        #expect(output == arrayOutput)
        #expect(state == arrayState)
        #expect(state != inputs.initialState!)
    }
}
