/// rms(x - reference) / rms(reference), accumulated in Double: the error measure of the golden data.
/// A zero reference gives the plain RMS of x, so an all-zero expectation still fails loudly.
public func relativeRMSError(_ x: [Float], reference: [Float]) -> Double {
    precondition(x.count == reference.count, "relativeRMSError: sizes differ")
    var difference = 0.0, magnitude = 0.0
    for i in x.indices {
        let d = Double(x[i]) - Double(reference[i])
        difference += d * d
        magnitude += Double(reference[i]) * Double(reference[i])
    }
    if x.isEmpty { return 0 }
    if difference.isNaN { return .nan }
    return magnitude == 0 ? (difference / Double(x.count)).squareRoot() : (difference / magnitude).squareRoot()
}
