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
            let sources = Sources(q: .init(qb), k: .init(kb), v: .init(vb), g: .init(gb), beta: .init(bb))
            let (sp, op) = (SharedPointer(sb), SharedPointer(ob))
            forEachHead(shape, threads: options.threads) { b, hv in
                var workspace = Workspace(chunkSize: chunkSize, keyDim: shape.keyDim, valueDim: shape.valueDim)
                defer { workspace.deallocate() }
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
        }}}}}}}
        return GatedDeltaResult(output: output, finalState: state)
    }

    struct Sources: Sendable {
        let q, k, v, g, beta: SharedReadPointer<Float>
    }

    /// Per-head scratch, allocated once per head and reused by every chunk.
    struct Workspace {
        let C: Int
        let query, key, value: UnsafeMutablePointer<Float>     // [C, K] scaled q, [C, K] k, [C, V] beta v
        let corrected: UnsafeMutablePointer<Float>             // [C, V + K]: U | W, then Vn | exp-weighted K
        let scores, triangle: UnsafeMutablePointer<Float>      // [C, C]
        let cumulativeDecay, beta: UnsafeMutablePointer<Float> // [C]

        init(chunkSize C: Int, keyDim K: Int, valueDim V: Int) {
            self.C = C
            query = .allocate(capacity: C * K)
            key = .allocate(capacity: C * K)
            value = .allocate(capacity: C * V)
            corrected = .allocate(capacity: C * (V + K))
            scores = .allocate(capacity: C * C)
            triangle = .allocate(capacity: C * C)
            cumulativeDecay = .allocate(capacity: C)
            beta = .allocate(capacity: C)
        }

        func deallocate() {
            for p in [query, key, value, corrected, scores, triangle, cumulativeDecay, beta] { p.deallocate() }
        }
    }

    static func processChunk(shape: GatedDeltaShape, options: GatedDeltaOptions, batch b: Int, valueHead hv: Int,
                             start: Int, length c: Int, sources: Sources, state S: UnsafeMutablePointer<Float>,
                             output: UnsafeMutablePointer<Float>, workspace w: inout Workspace) {
        let (K, V, C) = (shape.keyDim, shape.valueDim, w.C)
        let h = shape.keyHead(forValueHead: hv)
        let rule = options.rule
        let scale = options.scale(keyDim: K)
        let ldUW = V + K
        let (U, W) = (w.corrected, w.corrected + V)   // U: columns 0..<V, W: columns V..<V+K

        // Gather the chunk: scaled q, k, beta, running log decay G.
        var runningDecay: Float = 0
        for i in 0..<c {
            let t = start + i
            let qk = shape.queryOffset(batch: b, time: t, keyHead: h)
            prepareVector(sources.q.base + qk, into: w.query + i * K, count: K,
                          normalize: options.normalizesQueryKey, scale: scale)
            prepareVector(sources.k.base + qk, into: w.key + i * K, count: K,
                          normalize: options.normalizesQueryKey, scale: 1)
            let gi = shape.gateOffset(batch: b, time: t, valueHead: hv)
            if rule.decays { runningDecay += sources.g.base[gi] }
            w.cumulativeDecay[i] = runningDecay
            w.beta[i] = rule.writeStrength(beta: sources.beta.base[gi])
            let v = sources.v.base + shape.valueOffset(batch: b, time: t, valueHead: hv)
            let betaI = w.beta[i]
            for j in 0..<V { U[i * ldUW + j] = betaI * v[j] }
            let weight = betaI * Foundation.exp(runningDecay)
            for j in 0..<K { W[i * ldUW + j] = rule.correctsWithDelta ? weight * w.key[i * K + j] : 0 }
        }
        let G = w.cumulativeDecay

        if rule.correctsWithDelta {
            // A = strictly_lower(diag(beta) K K^T (.) Gamma), then [U | W] <- (I + A)^-1 [U | W].
            BLAS.gemm(c, c, K, w.key, lda: K, w.key, ldb: K, transposeB: true, w.triangle, ldc: C)
            for i in 0..<c {
                for j in 0..<i { w.triangle[i * C + j] *= w.beta[i] * Foundation.exp(G[i] - G[j]) }
            }
            BLAS.solveUnitLowerTriangular(c, columns: V + K, w.triangle, ldl: C, w.corrected, ldb: ldUW)
            // Vn = U - W S
            BLAS.gemm(c, V, K, W, lda: ldUW, S, ldb: V, U, ldc: ldUW, alpha: -1, beta: 1)
        }

        // O = ((s Q K^T) (.) Gamma, lower with diagonal) Vn + diag(exp G) (s Q) S, written straight to o.
        BLAS.gemm(c, c, K, w.query, lda: K, w.key, ldb: K, transposeB: true, w.scores, ldc: C)
        for i in 0..<c {
            for j in 0..<c { w.scores[i * C + j] = j <= i ? w.scores[i * C + j] * Foundation.exp(G[i] - G[j]) : 0 }
        }
        let o = output + shape.valueOffset(batch: b, time: start, valueHead: hv)
        let ldo = shape.valueHeads * V
        BLAS.gemm(c, V, c, w.scores, lda: C, U, ldb: ldUW, o, ldc: ldo)
        for i in 0..<c {
            let decay = Foundation.exp(G[i])
            for j in 0..<K { w.query[i * K + j] *= decay }
        }
        BLAS.gemm(c, V, K, w.query, lda: K, S, ldb: V, o, ldc: ldo, beta: 1)

        // S = exp(G_last) S + (diag(exp(G_last - G)) K)^T Vn
        let last = G[c - 1]
        let stateDecay = Foundation.exp(last)
        if stateDecay != 1 { for i in 0..<(K * V) { S[i] *= stateDecay } }
        for i in 0..<c {
            let weight = Foundation.exp(last - G[i])
            for j in 0..<K { w.key[i * K + j] *= weight }
        }
        BLAS.gemm(K, V, c, w.key, lda: K, transposeA: true, U, ldb: ldUW, S, ldc: V, beta: 1)
    }
}
