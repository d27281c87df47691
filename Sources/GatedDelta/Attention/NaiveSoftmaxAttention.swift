import Foundation

/// Softmax attention as plainly as it can be written, in Float64, over a whole sequence at positions
/// 0..<T: the reference the fast attention (blocks, ring buffers, GEMMs) is checked against.
///
///     o_h(p) = sum_{j visible from p} softmax_j(scale q_h(p) . k_j) v_j
public enum NaiveSoftmaxAttention {
    /// q [T, H, d], k and v [T, KV, d] -> o [T, H, d].
    public static func forward(q: [Float], k: [Float], v: [Float], length T: Int,
                               shape: SoftmaxAttention.Shape, scale: Float) -> [Float] {
        let (H, KV, d) = (shape.queryHeads, shape.keyValueHeads, shape.headDim)
        var o = [Float](repeating: 0, count: T * H * d)
        for p in 0..<T {
            for h in 0..<H {
                let kv = h / (H / KV)
                let visible = (0...p).filter { shape.sees(query: p, key: $0) }
                let scores = visible.map { j in
                    (0..<d).reduce(0.0) { $0 + Double(q[(p * H + h) * d + $1]) * Double(k[(j * KV + kv) * d + $1]) } * Double(scale)
                }
                let top = scores.max()!
                let weights = scores.map { Foundation.exp($0 - top) }
                let sum = weights.reduce(0, +)
                for c in 0..<d {
                    let value = zip(visible, weights).reduce(0.0) { $0 + $1.1 * Double(v[($1.0 * KV + kv) * d + c]) }
                    o[(p * H + h) * d + c] = Float(value / sum)
                }
            }
        }
        return o
    }
}
