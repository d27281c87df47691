import Foundation

/// The recurrent form: one token at a time, one pass of the update per token and head.
/// This is what a token-by-token UI steps, and the reference the chunked form is checked against.
///
/// Per token and value head, with S a K x V matrix (fla's layout):
///
///     S <- alpha S                            alpha = exp(g) when the rule decays, else 1
///     u <- beta (v - S^T k)   or   u <- v     delta rule, or a plain write
///     S <- S + k u^T
///     o <- S^T (scale q)
public enum RecurrentGatedDelta {
    /// The whole sequence: o [B, T, HV, V] and the final state.
    public static func forward(_ inputs: GatedDeltaInputs, options: GatedDeltaOptions = .init()) -> GatedDeltaResult {
        var output = [Float](repeating: 0, count: inputs.shape.valueCount)
        var state = initialStateArray(inputs)
        run(shape: inputs.shape, options: options, q: inputs.q, k: inputs.k, v: inputs.v, g: inputs.g,
            beta: inputs.beta, state: &state, output: &output)
        return GatedDeltaResult(output: output, finalState: state)
    }

    /// One token for every value head of one sequence, updating `state` [HV, K, V] in place.
    /// q, k [H, K]; v [HV, V]; g, beta [HV]. Returns o [HV, V].
    public static func step(state: inout [Float], q: [Float], k: [Float], v: [Float], g: [Float], beta: [Float],
                            keyHeads: Int, valueHeads: Int, keyDim: Int, valueDim: Int,
                            options: GatedDeltaOptions = .init()) -> [Float] {
        let shape = GatedDeltaShape(length: 1, keyHeads: keyHeads, valueHeads: valueHeads, keyDim: keyDim, valueDim: valueDim)
        precondition(q.count == shape.queryCount && k.count == shape.queryCount && v.count == shape.valueCount
                     && g.count == valueHeads && beta.count == valueHeads && state.count == shape.stateCount,
                     "step: sizes do not match the heads")
        var output = [Float](repeating: 0, count: shape.valueCount)
        run(shape: shape, options: options, q: q, k: k, v: v, g: g, beta: beta, state: &state, output: &output)
        return output
    }

    /// The whole sequence for every head, on caller-owned state and output.
    static func run(shape: GatedDeltaShape, options: GatedDeltaOptions, q: [Float], k: [Float], v: [Float],
                    g: [Float], beta: [Float], state: inout [Float], output: inout [Float]) {
        let scale = options.scale(keyDim: shape.keyDim)
        let (K, V) = (shape.keyDim, shape.valueDim)
        q.withUnsafeBufferPointer { qb in k.withUnsafeBufferPointer { kb in v.withUnsafeBufferPointer { vb in
        g.withUnsafeBufferPointer { gb in beta.withUnsafeBufferPointer { bb in
        state.withUnsafeMutableBufferPointer { sb in output.withUnsafeMutableBufferPointer { ob in
            let (qp, kp, vp, gp, bp) = (SharedReadPointer(qb), SharedReadPointer(kb), SharedReadPointer(vb),
                                        SharedReadPointer(gb), SharedReadPointer(bb))
            let (sp, op) = (SharedPointer(sb), SharedPointer(ob))
            forEachHead(shape, threads: options.threads) { b, hv in
                let h = shape.keyHead(forValueHead: hv)
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * K + V)
                defer { scratch.deallocate() }
                let (query, key, correction) = (scratch, scratch + K, scratch + 2 * K)
                let S = sp.base + shape.stateOffset(batch: b, valueHead: hv)
                for t in 0..<shape.length {
                    let qk = shape.queryOffset(batch: b, time: t, keyHead: h)
                    prepareVector(qp.base + qk, into: query, count: K, normalize: options.normalizesQueryKey, scale: scale)
                    prepareVector(kp.base + qk, into: key, count: K, normalize: options.normalizesQueryKey, scale: 1)
                    let gi = shape.gateOffset(batch: b, time: t, valueHead: hv)
                    let vo = shape.valueOffset(batch: b, time: t, valueHead: hv)
                    update(state: S, keyDim: K, valueDim: V, key: key, value: vp.base + vo, scaledQuery: query,
                           alpha: options.rule.alpha(logDecay: gp.base[gi]),
                           beta: options.rule.writeStrength(beta: bp.base[gi]),
                           rule: options.rule, output: op.base + vo, scratch: correction)
                }
            }
        }}}}}}}
    }

    /// One token of one head, in place. `key` is already normalised and `scaledQuery` already scaled.
    /// `scratch` holds V floats. Two passes over S: the prediction S^T k needs all of S before any
    /// row may change; the second pass fuses decay, write and read row by row.
    @inline(__always)
    public static func update(state S: UnsafeMutablePointer<Float>, keyDim K: Int, valueDim V: Int,
                              key k: UnsafePointer<Float>, value v: UnsafePointer<Float>,
                              scaledQuery q: UnsafePointer<Float>, alpha: Float, beta: Float, rule: UpdateRule,
                              output o: UnsafeMutablePointer<Float>, scratch u: UnsafeMutablePointer<Float>) {
        if rule.correctsWithDelta {
            // u = beta (v - alpha S^T k)
            for j in 0..<V { u[j] = 0 }
            for i in 0..<K {
                let row = S + i * V, ki = k[i]
                for j in 0..<V { u[j] += row[j] * ki }
            }
            for j in 0..<V { u[j] = beta * (v[j] - alpha * u[j]) }
        } else {
            for j in 0..<V { u[j] = beta * v[j] }
        }
        for j in 0..<V { o[j] = 0 }
        for i in 0..<K {
            let row = S + i * V, ki = k[i], qi = q[i]
            for j in 0..<V {
                let s = alpha * row[j] + ki * u[j]
                row[j] = s
                o[j] += qi * s
            }
        }
    }
}
