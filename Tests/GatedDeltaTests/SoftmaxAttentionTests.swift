import Foundation
import Testing
@testable import GatedDelta

/// The attention kernel against the naive Float64 reference, with the keys split the way a layer
/// hands them over (a ring-buffer cache in rotated order, then the new rows). Tolerance 1e-5 relative
/// RMS: fp32 dot products over d = 16 and softmax sums over at most 40 keys.
@Suite struct SoftmaxAttentionTests {
    @Test(arguments: [1, 3, 7, nil] as [Int?])
    func blocksAndRingsMatchTheReference(window: Int?) {
        let (T, H, KV, d) = (40, 4, 2, 16)
        let shape = SoftmaxAttention.Shape(queryHeads: H, keyValueHeads: KV, headDim: d, window: window)
        var rng = SplitMix64(seed: UInt64(window ?? 0) + 3)
        let q = [Float].random(T * H * d, in: -1...1, using: &rng)
        let k = [Float].random(T * KV * d, in: -1...1, using: &rng)
        let v = [Float].random(T * KV * d, in: -1...1, using: &rng)
        let scale = 1 / Float(d).squareRoot()
        let reference = NaiveSoftmaxAttention.forward(q: q, k: k, v: v, length: T, shape: shape, scale: scale)
        // Positions 0..<P as a ring of R rows (the last R of them, rotated), then P..<T as new rows:
        // 15 new rows (blocks of one head), or one (a decode step: a group's heads as one GEMM).
        for P in [25, T - 1] {
        let R = window.map { min($0, P) } ?? P
        let width = KV * d
        var ringKeys = [Float](repeating: 0, count: R * width), ringValues = ringKeys
        for p in P - R..<P {
            for c in 0..<width {
                ringKeys[(p % R) * width + c] = k[p * width + c]
                ringValues[(p % R) * width + c] = v[p * width + c]
            }
        }
        let positions: KeyPositions = R < P ? .ring(first: P - R, slots: R) : .consecutive(first: 0)
        var output = [Float](repeating: 0, count: (T - P) * H * d)
        ringKeys.withUnsafeBufferPointer { rk in ringValues.withUnsafeBufferPointer { rv in
        k.withUnsafeBufferPointer { k in v.withUnsafeBufferPointer { v in q.withUnsafeBufferPointer { q in
        output.withUnsafeMutableBufferPointer { o in
            let blocks = [
                SoftmaxAttention.KeyBlock(keys: rk.baseAddress!, values: rv.baseAddress!, count: R, positions: positions),
                SoftmaxAttention.KeyBlock(keys: k.baseAddress! + P * width, values: v.baseAddress! + P * width,
                                          count: T - P, positions: .consecutive(first: P)),
            ]
            SoftmaxAttention.attend(queries: q.baseAddress! + P * H * d, rows: T - P, firstPosition: P, blocks: blocks,
                                    shape: shape, scale: scale, output: o.baseAddress!)
        }}}}}}
        #expect(relativeRMS(output, Array(reference[(P * H * d)...])) < 1e-5, "P \(P)")
        }
    }

    @Test func ringPositionsFollowTheSlots() {
        let ring = KeyPositions.ring(first: 21, slots: 8)   // positions 21...28; p in row p % 8
        #expect((0..<8).map { ring[$0] } == [24, 25, 26, 27, 28, 21, 22, 23])
        #expect((0..<3).map { KeyPositions.consecutive(first: 5)[$0] } == [5, 6, 7])
    }

    /// Rotary keeps the norm of each rotated pair and turns by position: position 0 is the identity.
    @Test func rotaryRotatesPairsByPosition() {
        let rotary = Rotary(headDim: 4, theta: 10000)
        var x: [Float] = [1, 2, 3, 4, 1, 2, 3, 4]
        x.withUnsafeMutableBufferPointer { rotary.apply($0.baseAddress!, rows: 2, heads: 1, firstPosition: 0) }
        #expect(Array(x[0..<4]) == [1, 2, 3, 4])
        let angle = Float(1)   // position 1, c = 0: theta^0
        #expect(abs(x[4] - (1 * cos(angle) - 3 * sin(angle))) < 1e-6)
        #expect(abs(x[6] - (1 * sin(angle) + 3 * cos(angle))) < 1e-6)
        #expect(abs((x[5] * x[5] + x[7] * x[7]) - 20) < 1e-5)
    }
}
