import Testing
@testable import GatedDelta

/// The two forms compute one function; their fp32 results differ only by rounding. With unit keys,
/// |values| <= 1 and T <= 300, fp32 accumulation keeps them within 2e-5 relative RMS (measured ~1e-6);
/// a wrong mask, decay or solve gives errors of order 1e-1.
@Suite struct ChunkedMatchesRecurrentTests {
    static let lengths = [1, 2, 15, 16, 17, 63, 64, 65, 127, 128, 129, 300]
    static let tolerance = 2e-5

    @Test(arguments: UpdateRule.allCases)
    func everyLengthAndChunkSize(rule: UpdateRule) throws {
        for (n, length) in Self.lengths.enumerated() {
            for chunkSize in ChunkedGatedDelta.supportedChunkSizes {
                // K != V and grouped values (HV = 2H); alternate with and without an initial state.
                let shape = GatedDeltaShape(batch: 1, length: length, keyHeads: 2, valueHeads: 4, keyDim: 8, valueDim: 12)
                let inputs = randomInputs(shape, seed: UInt64(n * 97 + chunkSize), withInitialState: n % 2 == 0)
                let options = GatedDeltaOptions(rule: rule)
                let recurrent = RecurrentGatedDelta.forward(inputs, options: options)
                let chunked = try ChunkedGatedDelta.forward(inputs, options: options, chunkSize: chunkSize)
                let o = relativeRMS(chunked.output, recurrent.output)
                let s = relativeRMS(chunked.finalState, recurrent.finalState)
                #expect(o < Self.tolerance, "o: rule \(rule) T=\(length) C=\(chunkSize): \(o)")
                #expect(s < Self.tolerance, "state: rule \(rule) T=\(length) C=\(chunkSize): \(s)")
            }
        }
    }

    @Test func batchesThreadsAndInKernelNormalisation() throws {
        let shape = GatedDeltaShape(batch: 2, length: 70, keyHeads: 3, valueHeads: 6, keyDim: 5, valueDim: 7)
        let inputs = randomInputs(shape, seed: 7, withInitialState: true, normalized: false)
        for threads in [1, 2] {
            let options = GatedDeltaOptions(rule: .gatedDelta, scale: 0.4, normalizesQueryKey: true, threads: threads)
            let recurrent = RecurrentGatedDelta.forward(inputs, options: options)
            let chunked = try ChunkedGatedDelta.forward(inputs, options: options, chunkSize: 16)
            #expect(relativeRMS(chunked.output, recurrent.output) < Self.tolerance)
            #expect(relativeRMS(chunked.finalState, recurrent.finalState) < Self.tolerance)
        }
    }

    @Test func strongDecayWithInitialStateAndNegativeEigenvalues() throws {
        let shape = GatedDeltaShape(length: 130, keyHeads: 1, keyDim: 16, valueDim: 16)
        var inputs = randomInputs(shape, seed: 11, withInitialState: true, decay: -12 ... -4)
        inputs.beta = inputs.beta.map { $0 * 2 }
        let recurrent = RecurrentGatedDelta.forward(inputs)
        let chunked = try ChunkedGatedDelta.forward(inputs)
        #expect(relativeRMS(chunked.output, recurrent.output) < Self.tolerance)
        #expect(relativeRMS(chunked.finalState, recurrent.finalState) < Self.tolerance)
    }

    @Test func emptySequenceReturnsInitialState() throws {
        let shape = GatedDeltaShape(length: 0, keyHeads: 1, keyDim: 4, valueDim: 4)
        let inputs = randomInputs(shape, seed: 3, withInitialState: true)
        let chunked = try ChunkedGatedDelta.forward(inputs)
        #expect(chunked.output.isEmpty)
        #expect(chunked.finalState == inputs.initialState)
    }

    @Test func rejectsUnsupportedChunkSize() {
        let inputs = randomInputs(GatedDeltaShape(length: 4, keyHeads: 1, keyDim: 4, valueDim: 4), seed: 1, withInitialState: false)
        #expect(throws: KernelError.self) { try ChunkedGatedDelta.forward(inputs, chunkSize: 48) }
    }
}
