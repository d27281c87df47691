import GatedDelta

extension KernelCase {
    /// Runs both forms of the kernel on the case and compares o and the final state with the file's.
    public func verify(tolerance: Double, chunkSize: Int = 64) throws(ModelError) -> [VerificationCheck] {
        let recurrent = RecurrentGatedDelta.forward(inputs, options: options)
        let chunked: GatedDeltaResult
        do { chunked = try ChunkedGatedDelta.forward(inputs, options: options, chunkSize: chunkSize) } catch {
            throw ModelError("\(name): \(error)")
        }
        guard expectedOutput != nil || expectedState != nil else {
            throw ModelError("\(name): no expected o or ht to compare with")
        }
        var checks: [VerificationCheck] = []
        for (form, result) in [("recurrent", recurrent), ("chunked", chunked)] {
            if let expectedOutput {
                checks.append(VerificationCheck(path: name, check: form, metric: "o_rel_rms",
                                                value: relativeRMSError(result.output, reference: expectedOutput),
                                                tolerance: tolerance))
            }
            if let expectedState {
                checks.append(VerificationCheck(path: name, check: form, metric: "ht_rel_rms",
                                                value: relativeRMSError(result.finalState, reference: expectedState),
                                                tolerance: tolerance))
            }
        }
        return checks
    }
}
