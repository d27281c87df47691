import Foundation

/// The gated delta rule as plainly as it can be written, in Float64: the reference the fast recurrent
/// and chunked forms are checked against, as fla keeps `naive.py` beside `chunk.py`. No blocking, no
/// threads, no SIMD; one token at a time, one head at a time:
///
///     q, k <- q / sqrt(|q|^2 + 1e-6), k / ...    when the options normalise them
///     S    <- alpha S                            alpha = exp(g) when the rule decays, else 1
///     p    <- S^T k                              what memory returns for k
///     u    <- beta (v - p)   or   u <- v         delta rule, or a plain write
///     S    <- S + k u^T
///     o    <- S^T (scale q)
public enum NaiveGatedDelta {
    public static func forward(_ inputs: GatedDeltaInputs, options: GatedDeltaOptions = .init()) -> GatedDeltaResult {
        let shape = inputs.shape
        let (K, V) = (shape.keyDim, shape.valueDim)
        let scale = Double(options.scale(keyDim: K))
        var state = (inputs.initialState ?? [Float](repeating: 0, count: shape.stateCount)).map(Double.init)
        var output = [Float](repeating: 0, count: shape.valueCount)
        func vector(_ x: [Float], at offset: Int) -> [Double] {
            let raw = (0..<K).map { Double(x[offset + $0]) }
            guard options.normalizesQueryKey else { return raw }
            let norm = (raw.reduce(0) { $0 + $1 * $1 } + 1e-6).squareRoot()
            return raw.map { $0 / norm }
        }
        for b in 0..<shape.batch {
            for hv in 0..<shape.valueHeads {
                let h = hv / shape.groupSize
                let s0 = (b * shape.valueHeads + hv) * K * V
                for t in 0..<shape.length {
                    let qk = ((b * shape.length + t) * shape.keyHeads + h) * K
                    let q = vector(inputs.q, at: qk), k = vector(inputs.k, at: qk)
                    let gi = (b * shape.length + t) * shape.valueHeads + hv
                    let vo = gi * V
                    let alpha = options.rule.decays ? Foundation.exp(Double(inputs.g[gi])) : 1
                    let beta = Double(inputs.beta[gi])
                    for i in 0..<K * V { state[s0 + i] *= alpha }
                    for j in 0..<V {
                        var p = 0.0
                        for i in 0..<K { p += state[s0 + i * V + j] * k[i] }
                        let v = Double(inputs.v[vo + j])
                        let u = options.rule.correctsWithDelta ? beta * (v - p) : v
                        for i in 0..<K { state[s0 + i * V + j] += k[i] * u }
                        var o = 0.0
                        for i in 0..<K { o += state[s0 + i * V + j] * q[i] * scale }
                        output[vo + j] = Float(o)
                    }
                }
            }
        }
        return GatedDeltaResult(output: output, finalState: state.map(Float.init))
    }
}
