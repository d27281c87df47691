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
        advance(state: state, q: q, k: k, v: v, g: g, beta: beta, output: output,
                shape: GatedDeltaShape(length: 1, keyHeads: keyHeads, valueHeads: valueHeads, keyDim: keyDim, valueDim: valueDim),
                options: options)
    }

    /// `shape.length` tokens of one sequence (batch 1) on caller-owned memory, the state advanced in
    /// place: what a model layer runs when it takes the recurrent form, allocating nothing.
    public static func advance(state: UnsafeMutableBufferPointer<Float>, q: UnsafeBufferPointer<Float>,
                               k: UnsafeBufferPointer<Float>, v: UnsafeBufferPointer<Float>, g: UnsafeBufferPointer<Float>,
                               beta: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
                               shape: GatedDeltaShape, options: GatedDeltaOptions = .init()) {
        precondition(shape.batch == 1 && q.count == shape.queryCount && k.count == shape.queryCount
                     && v.count == shape.valueCount && g.count == shape.gateCount && beta.count == shape.gateCount
                     && state.count == shape.stateCount && output.count == shape.valueCount,
                     "advance: sizes do not match the shape")
        run(shape: shape, options: options, sources: HeadSources(q: q, k: k, v: v, g: g, beta: beta),
            state: SharedPointer(state), output: SharedPointer(output))
    }

    /// Tokens per segment of `run`: their prepared q and k (2 x 16 x K floats) stay in L1 beside one
    /// block of the state.
    static let segmentLength = 16

    /// The whole sequence for every head, on caller-owned state and output.
    ///
    /// Every column of S evolves on its own (see `update`), so a head runs its tokens in segments, and
    /// within a segment one block of columns (16 KB at K = 128) through all the segment's tokens before the
    /// next block: the block stays in L1 for the whole segment instead of the whole 64 KB state cycling
    /// through L1 once per token.
    static func run(shape: GatedDeltaShape, options: GatedDeltaOptions, sources: HeadSources,
                    state: SharedPointer<Float>, output: SharedPointer<Float>) {
        guard shape.length > 0 else { return }
        let scale = options.scale(keyDim: shape.keyDim)
        let (K, V) = (shape.keyDim, shape.valueDim)
        let n = min(segmentLength, shape.length)
        let tokenStride = shape.valueHeads * V
        forEachHead(shape, threads: options.threads) { b, hv in
            let h = shape.keyHead(forValueHead: hv)
            let S = state.base + shape.stateOffset(batch: b, valueHead: hv)
            let packedCount = n > 1 ? K * FloatLanes32.width : 0
            withUnsafeTemporaryAllocation(of: Float.self, capacity: n * (2 * K + 3) + packedCount) { scratch in
                let (queries, keys) = (scratch.baseAddress!, scratch.baseAddress! + n * K)
                let (alphas, betas, kqs) = (keys + n * K, keys + n * K + n, keys + n * K + 2 * n)
                let packed = n > 1 ? kqs + n : nil
                var start = 0
                while start < shape.length {
                    let count = min(n, shape.length - start)
                    for i in 0..<count {
                        let t = start + i
                        let qk = shape.queryOffset(batch: b, time: t, keyHead: h)
                        let (query, key) = (queries + i * K, keys + i * K)
                        prepareVector(sources.q.base + qk, into: query, count: K, normalize: options.normalizesQueryKey, scale: scale)
                        prepareVector(sources.k.base + qk, into: key, count: K, normalize: options.normalizesQueryKey, scale: 1)
                        let gi = shape.gateOffset(batch: b, time: t, valueHead: hv)
                        alphas[i] = options.rule.alpha(logDecay: sources.g.base[gi])
                        betas[i] = options.rule.writeStrength(beta: sources.beta.base[gi])
                        kqs[i] = dotProduct(key, query, count: K)
                    }
                    let vo = shape.valueOffset(batch: b, time: start, valueHead: hv)
                    StateColumns(S: S, K: K, V: V, tokens: count, keys: keys, queries: queries, values: sources.v.base + vo,
                                 outputs: output.base + vo, tokenStride: tokenStride, alphas: alphas, betas: betas, kqs: kqs,
                                 correctsWithDelta: options.rule.correctsWithDelta, packed: packed).process(count: V)
                    start += count
                }
            }
        }
    }
}

/// A run of tokens of one head, swept one block of columns at a time and, within a block, token after
/// token (see `run`). Token i reads keys/queries + i K and values/outputs + i tokenStride.
///
/// The delta rule needs p = S^T k before any row of S may change, so S is visited twice per token; but
/// both visits happen per block of columns while the block (K rows x 32 columns, 16 KB at K = 128) is in
/// L1, so S travels from memory once and back once. The read-out needs no third visit:
///
///     p = S^T k,  r = S^T q                        one read of the block
///     u = beta (v - alpha p)   (u = v without the delta correction; p is then unused)
///     o = S_new^T q = alpha r + (k . q) u
///     S_new = alpha S + k u^T                      one read-modify-write of the block
///
/// Columns are independent in all four lines, which is what allows the blocking.
private struct StateColumns: LaneBlocks {
    let S: UnsafeMutablePointer<Float>
    let K, V, tokens: Int
    let keys, queries, values: UnsafePointer<Float>
    let outputs: UnsafeMutablePointer<Float>
    let tokenStride: Int
    let alphas, betas, kqs: UnsafePointer<Float>
    let correctsWithDelta: Bool

    /// K x 32 floats for a block packed contiguously, or nil to work on S in place.
    let packed: UnsafeMutablePointer<Float>?

    @inline(__always)
    func process<Lanes: FloatLanes>(_: Lanes.Type, at j: Int) {
        // Several tokens on one block: pack it (row stride 32 floats instead of V), so all its lines
        // spread over L1's sets and stay there for the whole segment; unpack after.
        guard let packed, tokens > 1 else { return sweep(Lanes.self, block: S + j, rowStride: V, column: j) }
        let w = Lanes.width
        for i in 0..<K { Lanes(loadingFrom: S + i * V + j).store(to: packed + i * w) }
        sweep(Lanes.self, block: packed, rowStride: w, column: j)
        for i in 0..<K { Lanes(loadingFrom: packed + i * w).store(to: S + i * V + j) }
    }

    /// Every token on the block of columns j..<j + width whose first row is at `block`.
    @inline(__always)
    private func sweep<Lanes: FloatLanes>(_: Lanes.Type, block: UnsafeMutablePointer<Float>, rowStride: Int, column j: Int) {
        for t in 0..<tokens {
            let (k, q) = (keys + t * K, queries + t * K)
            var p = Lanes(splat: 0), r = Lanes(splat: 0)
            var row = block
            for i in 0..<K {
                let s = Lanes(loadingFrom: row)
                p = p.addingProduct(s, Lanes(splat: k[i]))
                r = r.addingProduct(s, Lanes(splat: q[i]))
                row += rowStride
            }
            let a = Lanes(splat: alphas[t])
            let prediction = correctsWithDelta ? a * p : Lanes(splat: 0)
            let u = Lanes(splat: betas[t]) * (Lanes(loadingFrom: values + t * tokenStride + j) - prediction)
            (a * r).addingProduct(Lanes(splat: kqs[t]), u).store(to: outputs + t * tokenStride + j)
            // Bottom row first: the rows read last are the ones still in L1. In place at K = V = 128 the
            // 512-byte row stride puts a block's 256 lines into only 16 of L1's 64 sets, 16 lines per
            // 12-way set, so a top-down second visit would miss on every line.
            for i in (0..<K).reversed() {
                row -= rowStride
                (a * Lanes(loadingFrom: row)).addingProduct(Lanes(splat: k[i]), u).store(to: row)
            }
        }
    }
}
