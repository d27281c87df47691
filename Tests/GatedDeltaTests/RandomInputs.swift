@testable import GatedDelta
import GatedDeltaNet

/// A seeded generator so every random case is reproducible from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array where Element == Float {
    static func random(_ count: Int, in range: ClosedRange<Float>, using rng: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Float.random(in: range, using: &rng) }
    }
}

/// Random inputs in the ranges the model produces: unit-norm keys and queries (unless the kernel
/// normalises), g in [-1, 0] (alpha in [0.37, 1]), beta in [0, 1].
func randomInputs(_ shape: GatedDeltaShape, seed: UInt64, withInitialState: Bool,
                  normalized: Bool = true, decay: ClosedRange<Float> = -1...0) -> GatedDeltaInputs {
    var rng = SplitMix64(seed: seed)
    func unitRows(_ count: Int) -> [Float] {
        var x = [Float].random(count, in: -1...1, using: &rng)
        guard normalized else { return x }
        for r in stride(from: 0, to: count, by: shape.keyDim) {
            let n = (x[r..<r + shape.keyDim].reduce(0) { $0 + $1 * $1 }).squareRoot()
            for i in r..<r + shape.keyDim { x[i] /= n }
        }
        return x
    }
    let q = unitRows(shape.queryCount), k = unitRows(shape.queryCount)
    let v = [Float].random(shape.valueCount, in: -1...1, using: &rng)
    let g = [Float].random(shape.gateCount, in: decay, using: &rng)
    let beta = [Float].random(shape.gateCount, in: 0...1, using: &rng)
    let h0: [Float]? = withInitialState ? [Float].random(shape.stateCount, in: -0.5...0.5, using: &rng) : nil
    return try! GatedDeltaInputs(shape: shape, q: q, k: k, v: v, g: g, beta: beta, initialState: h0)
}

/// The error measure of the golden data, shared with `gdn-tui verify`.
func relativeRMS(_ x: [Float], _ reference: [Float]) -> Double { relativeRMSError(x, reference: reference) }
