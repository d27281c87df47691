import Foundation

/// The recurrent form: one token at a time, one sweep over the state per token and head.
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
        inputs.q.withUnsafeBufferPointer { q in inputs.k.withUnsafeBufferPointer { k in
        inputs.v.withUnsafeBufferPointer { v in inputs.g.withUnsafeBufferPointer { g in
        inputs.beta.withUnsafeBufferPointer { beta in
        state.withUnsafeMutableBufferPointer { s in output.withUnsafeMutableBufferPointer { o in
            run(shape: inputs.shape, options: options, sources: HeadSources(q: q, k: k, v: v, g: g, beta: beta),
                state: SharedPointer(s), output: SharedPointer(o))
        }}}}}}}
        return GatedDeltaResult(output: output, finalState: state)
    }

    /// One token for every value head of one sequence, updating `state` [HV, K, V] in place.
    /// q, k [H, K]; v [HV, V]; g, beta [HV]. Returns o [HV, V].
    public static func step(state: inout [Float], q: [Float], k: [Float], v: [Float], g: [Float], beta: [Float],
                            keyHeads: Int, valueHeads: Int, keyDim: Int, valueDim: Int,
                            options: GatedDeltaOptions = .init()) -> [Float] {
        var output = [Float](repeating: 0, count: valueHeads * valueDim)
        q.withUnsafeBufferPointer { q in k.withUnsafeBufferPointer { k in v.withUnsafeBufferPointer { v in
        g.withUnsafeBufferPointer { g in beta.withUnsafeBufferPointer { beta in
        state.withUnsafeMutableBufferPointer { s in output.withUnsafeMutableBufferPointer { o in
            step(state: s, q: q, k: k, v: v, g: g, beta: beta, output: o, keyHeads: keyHeads, valueHeads: valueHeads,
                 keyDim: keyDim, valueDim: valueDim, options: options)
        }}}}}}}
        return output
    }

    /// `step` on caller-owned buffers, allocating nothing: what a decode loop calls once per token.
    /// `output` [HV, V] is overwritten.
    public static func step(state: UnsafeMutableBufferPointer<Float>, q: UnsafeBufferPointer<Float>,
                            k: UnsafeBufferPointer<Float>, v: UnsafeBufferPointer<Float>, g: UnsafeBufferPointer<Float>,
                            beta: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
                            keyHeads: Int, valueHeads: Int, keyDim: Int, valueDim: Int,
                            options: GatedDeltaOptions = .init()) {
        let shape = GatedDeltaShape(length: 1, keyHeads: keyHeads, valueHeads: valueHeads, keyDim: keyDim, valueDim: valueDim)
        precondition(q.count == shape.queryCount && k.count == shape.queryCount && v.count == shape.valueCount
                     && g.count == valueHeads && beta.count == valueHeads && state.count == shape.stateCount
                     && output.count == shape.valueCount, "step: sizes do not match the heads")
        run(shape: shape, options: options, sources: HeadSources(q: q, k: k, v: v, g: g, beta: beta),
            state: SharedPointer(state), output: SharedPointer(output))
    }

    /// The whole sequence for every head, on caller-owned state and output. Each head runs all its tokens
    /// in turn, so its state (K V floats) stays in the core's cache for the whole sequence.
    static func run(shape: GatedDeltaShape, options: GatedDeltaOptions, sources: HeadSources,
                    state: SharedPointer<Float>, output: SharedPointer<Float>) {
        let scale = options.scale(keyDim: shape.keyDim)
        let (K, V) = (shape.keyDim, shape.valueDim)
        forEachHead(shape, threads: options.threads) { b, hv in
            let h = shape.keyHead(forValueHead: hv)
            let S = state.base + shape.stateOffset(batch: b, valueHead: hv)
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * K) { scratch in
                let (query, key) = (scratch.baseAddress!, scratch.baseAddress! + K)
                for t in 0..<shape.length {
                    let qk = shape.queryOffset(batch: b, time: t, keyHead: h)
                    prepareVector(sources.q.base + qk, into: query, count: K, normalize: options.normalizesQueryKey, scale: scale)
                    prepareVector(sources.k.base + qk, into: key, count: K, normalize: options.normalizesQueryKey, scale: 1)
                    let gi = shape.gateOffset(batch: b, time: t, valueHead: hv)
                    let vo = shape.valueOffset(batch: b, time: t, valueHead: hv)
                    update(state: S, keyDim: K, valueDim: V, key: key, value: sources.v.base + vo, scaledQuery: query,
                           alpha: options.rule.alpha(logDecay: sources.g.base[gi]),
                           beta: options.rule.writeStrength(beta: sources.beta.base[gi]),
                           rule: options.rule, output: output.base + vo)
                }
            }
        }
    }

    /// One token of one head, in place. `key` is already normalised and `scaledQuery` already scaled.
    ///
    /// The delta rule needs p = S^T k before any row of S may change, so S is visited twice; but both
    /// visits happen per block of columns while the block (K rows x 32 columns, 16 KB at K = 128) is in
    /// L1, so S travels from memory once and back once. The read-out needs no third visit:
    ///
    ///     p = S^T k,  r = S^T q                        one read of the block
    ///     u = beta (v - alpha p)   (u = v without the delta correction; p is then unused)
    ///     o = S_new^T q = alpha r + (k . q) u
    ///     S_new = alpha S + k u^T                      one read-modify-write of the block
    ///
    /// Columns are independent in all four lines, which is what allows the blocking.
    @inline(__always)
    public static func update(state S: UnsafeMutablePointer<Float>, keyDim K: Int, valueDim V: Int,
                              key k: UnsafePointer<Float>, value v: UnsafePointer<Float>,
                              scaledQuery q: UnsafePointer<Float>, alpha: Float, beta: Float, rule: UpdateRule,
                              output o: UnsafeMutablePointer<Float>) {
        let kq = dotProduct(k, q, count: K)
        let column = StateColumns(S: S, K: K, V: V, k: k, q: q, v: v, o: o, alpha: alpha, beta: beta, kq: kq,
                                  correctsWithDelta: rule.correctsWithDelta)
        column.process(count: V)
    }
}

/// The operands of one head's update, swept one block of columns at a time (see `update`).
private struct StateColumns: LaneBlocks {
    let S: UnsafeMutablePointer<Float>
    let K, V: Int
    let k, q, v: UnsafePointer<Float>
    let o: UnsafeMutablePointer<Float>
    let alpha, beta, kq: Float
    let correctsWithDelta: Bool

    @inline(__always)
    func process<Lanes: FloatLanes>(_: Lanes.Type, at j: Int) {
        var p = Lanes(splat: 0), r = Lanes(splat: 0)
        var row = S + j
        for i in 0..<K {
            let s = Lanes(loadingFrom: row)
            p = p.addingProduct(s, Lanes(splat: k[i]))
            r = r.addingProduct(s, Lanes(splat: q[i]))
            row += V
        }
        let a = Lanes(splat: alpha)
        let prediction = correctsWithDelta ? a * p : Lanes(splat: 0)
        let u = Lanes(splat: beta) * (Lanes(loadingFrom: v + j) - prediction)
        (a * r).addingProduct(Lanes(splat: kq), u).store(to: o + j)
        row = S + j
        for i in 0..<K {
            (a * Lanes(loadingFrom: row)).addingProduct(Lanes(splat: k[i]), u).store(to: row)
            row += V
        }
    }
}
