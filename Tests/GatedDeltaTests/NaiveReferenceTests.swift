import Testing
@testable import GatedDelta

/// The fast forms against the plain Float64 reference (`NaiveGatedDelta`), for every rule, grouped
/// values, odd sizes and the in-kernel normalisation. Tolerance 1e-5 relative RMS: the fast forms
/// accumulate in fp32 over K = 33 terms and T = 70 steps, which costs about 1e-6 here (the golden
/// kernel cases hold fla's fp32 code to the same bound).
@Suite struct NaiveReferenceTests {
    static let shapes = [
        GatedDeltaShape(length: 70, keyHeads: 2, valueHeads: 4, keyDim: 33, valueDim: 21),
        GatedDeltaShape(length: 1, keyHeads: 1, keyDim: 8, valueDim: 77),
    ]

    @Test(arguments: UpdateRule.allCases)
    func fastFormsMatchTheNaiveReference(rule: UpdateRule) throws {
        for (i, shape) in Self.shapes.enumerated() {
            for normalizes in [false, true] {
                let inputs = randomInputs(shape, seed: UInt64(40 + i), withInitialState: true, normalized: !normalizes)
                let options = GatedDeltaOptions(rule: rule, normalizesQueryKey: normalizes)
                let naive = NaiveGatedDelta.forward(inputs, options: options)
                let recurrent = RecurrentGatedDelta.forward(inputs, options: options)
                let chunked = try ChunkedGatedDelta.forward(inputs, options: options, chunkSize: 16)
                for (name, fast) in [("recurrent", recurrent), ("chunked", chunked)] {
                    #expect(relativeRMS(fast.output, naive.output) < 1e-5, "\(name) o, \(shape), \(rule)")
                    #expect(relativeRMS(fast.finalState, naive.finalState) < 1e-5, "\(name) state, \(shape), \(rule)")
                }
            }
        }
    }

    /// The reference is not the fast code in disguise: a different rule gives a different answer.
    @Test func theReferenceSeparatesTheRules() {
        let inputs = randomInputs(Self.shapes[0], seed: 7, withInitialState: true)
        let a = NaiveGatedDelta.forward(inputs, options: .init(rule: .gatedDelta))
        let b = NaiveGatedDelta.forward(inputs, options: .init(rule: .delta))
        #expect(relativeRMS(a.output, b.output) > 1e-2)
    }

    /// The in-place form over T tokens equals the allocating one bit for bit: the same sweep.
    @Test func advanceInPlaceEqualsForward() {
        let shape = Self.shapes[0]
        let inputs = randomInputs(shape, seed: 9, withInitialState: true)
        let reference = RecurrentGatedDelta.forward(inputs, options: .init())
        var state = inputs.initialState!
        var output = [Float](repeating: 0, count: shape.valueCount)
        inputs.q.withUnsafeBufferPointer { q in inputs.k.withUnsafeBufferPointer { k in
        inputs.v.withUnsafeBufferPointer { v in inputs.g.withUnsafeBufferPointer { g in
        inputs.beta.withUnsafeBufferPointer { beta in
        state.withUnsafeMutableBufferPointer { s in output.withUnsafeMutableBufferPointer { o in
            RecurrentGatedDelta.advance(state: s, q: q, k: k, v: v, g: g, beta: beta, output: o, shape: shape)
        }}}}}}}
        #expect(output == reference.output)
        #expect(state == reference.finalState)
    }
}
