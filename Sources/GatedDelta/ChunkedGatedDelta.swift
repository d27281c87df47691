import Foundation

/// The chunked (WY / UT) form: the sequence in chunks of C tokens, each chunk a handful of matrix
/// products through OpenBLAS. Computes the same function as `RecurrentGatedDelta`.
///
/// Inside a chunk, with G the running sum of g (zero when the rule does not decay) and
/// Gamma[i][j] = exp(G_i - G_j) for i >= j:
///
///     A  = strictly_lower(diag(beta) K K^T (.) Gamma);  T = (I + A)^-1     (A = 0 without delta)
///     U  = T diag(beta) V;   W = T diag(beta) diag(exp G) K                  (W = 0 without delta)
///     Vn = U - W S                                                            S: state entering the chunk
///     O  = diag(exp G) (s Q) S + ((s Q K^T) (.) Gamma, diagonal kept) Vn
///     S  = exp(G_last) S + (diag(exp(G_last - G)) K)^T Vn
///
/// T is never formed: (I + A) X = [diag(beta) V | diag(beta exp G) K] is solved in one triangular solve.
/// A ragged last chunk is simply shorter.
public enum ChunkedGatedDelta {
    public static let supportedChunkSizes = [16, 32, 64]

    public static func forward(_ inputs: GatedDeltaInputs, options: GatedDeltaOptions = .init(),
                               chunkSize: Int = 64) throws(KernelError) -> GatedDeltaResult {
        guard supportedChunkSizes.contains(chunkSize) else {
            throw KernelError("chunk size \(chunkSize) is not one of \(supportedChunkSizes)")
        }
        let shape = inputs.shape
        var output = [Float](repeating: 0, count: shape.valueCount)
        var state = initialStateArray(inputs)
        inputs.q.withUnsafeBufferPointer { qb in inputs.k.withUnsafeBufferPointer { kb in
        inputs.v.withUnsafeBufferPointer { vb in inputs.g.withUnsafeBufferPointer { gb in
        inputs.beta.withUnsafeBufferPointer { bb in
        state.withUnsafeMutableBufferPointer { sb in output.withUnsafeMutableBufferPointer { ob in
            let sources = HeadSources(q: qb, k: kb, v: vb, g: gb, beta: bb)
            let (sp, op) = (SharedPointer(sb), SharedPointer(ob))
            forEachHeadBlock(shape, threads: options.threads) { heads in
                // One workspace per thread, reused by every chunk of every head of its block.
                var workspace = Workspace(chunkSize: chunkSize, keyDim: shape.keyDim, valueDim: shape.valueDim)
                defer { workspace.deallocate() }
                for head in heads {
                    let (b, hv) = (head / shape.valueHeads, head % shape.valueHeads)
                    let state = sp.base + shape.stateOffset(batch: b, valueHead: hv)
                    var start = 0
                    while start < shape.length {
                        let length = min(chunkSize, shape.length - start)
                        processChunk(shape: shape, options: options, batch: b, valueHead: hv, start: start,
                                     length: length, sources: sources, state: state, output: op.base,
                                     workspace: &workspace)
                        start += length
                    }
                }
            }
        }}}}}}}
        return GatedDeltaResult(output: output, finalState: state)
    }

    /// Scratch for one thread, allocated once per call and reused by every chunk of its heads.
    /// q and k are stacked ([2C, K], q rows first) so s Q K^T and K K^T come from one sgemm.
    struct Workspace {
        let C: Int
        let queryKey: UnsafeMutablePointer<Float>              // [2C, K]: scaled q, then k
        let corrected: UnsafeMutablePointer<Float>             // [C, V + K]: U | W, then Vn | exp-weighted K
        let products: UnsafeMutablePointer<Float>              // [2C, C]: s Q K^T, then K K^T
        let decay: UnsafeMutablePointer<Float>                 // [C, C]: Gamma, lower triangle
        let cumulativeDecay, beta: UnsafeMutablePointer<Float> // [C]

        init(chunkSize C: Int, keyDim K: Int, valueDim V: Int) {
            self.C = C
            queryKey = .allocate(capacity: 2 * C * K)
            corrected = .allocate(capacity: C * (V + K))
            products = .allocate(capacity: 2 * C * C)
            decay = .allocate(capacity: C * C)
            cumulativeDecay = .allocate(capacity: C)
            beta = .allocate(capacity: C)
            // Rows past a ragged last chunk enter the stacked product unused: keep them finite.
            queryKey.initialize(repeating: 0, count: 2 * C * K)
        }

        var query: UnsafeMutablePointer<Float> { queryKey }
        func key(keyDim K: Int) -> UnsafeMutablePointer<Float> { queryKey + C * K }
        var scores: UnsafeMutablePointer<Float> { products }
        var triangle: UnsafeMutablePointer<Float> { products + C * C }

        func deallocate() {
            for p in [queryKey, corrected, products, decay, cumulativeDecay, beta] { p.deallocate() }
        }
    }

    static func processChunk(shape: GatedDeltaShape, options: GatedDeltaOptions, batch b: Int, valueHead hv: Int,
                             start: Int, length c: Int, sources: HeadSources, state S: UnsafeMutablePointer<Float>,
                             output: UnsafeMutablePointer<Float>, workspace w: inout Workspace) {
        let (K, V, C) = (shape.keyDim, shape.valueDim, w.C)
        let h = shape.keyHead(forValueHead: hv)
        let rule = options.rule
        let scale = options.scale(keyDim: K)
        let ldUW = V + K
        let (U, W) = (w.corrected, w.corrected + V)   // U: columns 0..<V, W: columns V..<V+K
        let (query, key) = (w.query, w.key(keyDim: K))

        // Gather the chunk: scaled q, k, beta, running log decay G.
        var runningDecay: Float = 0
        for i in 0..<c {
            let t = start + i
            let qk = shape.queryOffset(batch: b, time: t, keyHead: h)
            prepareVector(sources.q.base + qk, into: query + i * K, count: K,
                          normalize: options.normalizesQueryKey, scale: scale)
            prepareVector(sources.k.base + qk, into: key + i * K, count: K,
                          normalize: options.normalizesQueryKey, scale: 1)
            let gi = shape.gateOffset(batch: b, time: t, valueHead: hv)
            if rule.decays { runningDecay += sources.g.base[gi] }
            w.cumulativeDecay[i] = runningDecay
            w.beta[i] = rule.writeStrength(beta: sources.beta.base[gi])
            let v = sources.v.base + shape.valueOffset(batch: b, time: t, valueHead: hv)
            let betaI = w.beta[i]
            for j in 0..<V { U[i * ldUW + j] = betaI * v[j] }
            let weight = rule.correctsWithDelta ? betaI * Foundation.exp(runningDecay) : 0
            for j in 0..<K { W[i * ldUW + j] = weight * key[i * K + j] }
        }
        let G = w.cumulativeDecay

        // Gamma[i][j] = exp(G_i - G_j) for j <= i, shared by both masked products (all ones without decay).
        for i in 0..<c {
            for j in 0...i { w.decay[i * C + j] = rule.decays ? Foundation.exp(G[i] - G[j]) : 1 }
        }
        // [s Q; K] K^T in one product: rows 0..<C are s Q K^T, rows C..<2C are K K^T.
        BLAS.gemm(2 * C, c, K, query, lda: K, key, ldb: K, transposeB: true, w.products, ldc: C)

        if rule.correctsWithDelta {
            // A = strictly_lower(diag(beta) K K^T (.) Gamma), then [U | W] <- (I + A)^-1 [U | W].
            for i in 0..<c {
                for j in 0..<i { w.triangle[i * C + j] *= w.beta[i] * w.decay[i * C + j] }
            }
            solveUnitLowerTriangular(c, columns: V + K, w.triangle, ldl: C, w.corrected, ldb: ldUW)
            // Vn = U - W S
            BLAS.gemm(c, V, K, W, lda: ldUW, S, ldb: V, U, ldc: ldUW, alpha: -1, beta: 1)
        }

        // O = ((s Q K^T) (.) Gamma, lower with diagonal) Vn + diag(exp G) (s Q) S, written straight to o.
        for i in 0..<c {
            for j in 0..<c { w.scores[i * C + j] = j <= i ? w.scores[i * C + j] * w.decay[i * C + j] : 0 }
        }
        let o = output + shape.valueOffset(batch: b, time: start, valueHead: hv)
        let ldo = shape.valueHeads * V
        BLAS.gemm(c, V, c, w.scores, lda: C, U, ldb: ldUW, o, ldc: ldo)
        if rule.decays {
            for i in 0..<c {
                let decay = Foundation.exp(G[i])
                for j in 0..<K { query[i * K + j] *= decay }
            }
        }
        BLAS.gemm(c, V, K, query, lda: K, S, ldb: V, o, ldc: ldo, beta: 1)

        // S = exp(G_last) S + (diag(exp(G_last - G)) K)^T Vn
        if rule.decays {
            let last = G[c - 1]
            let stateDecay = Foundation.exp(last)
            for i in 0..<(K * V) { S[i] *= stateDecay }
            for i in 0..<c {
                let weight = Foundation.exp(last - G[i])
                for j in 0..<K { key[i * K + j] *= weight }
            }
        }
        BLAS.gemm(K, V, c, key, lda: K, transposeA: true, U, ldb: ldUW, S, ldc: V, beta: 1)
    }
}
