import GatedDelta
import GatedDeltaNet

/// The attention kernel at a 2048-key sliding window (8 query heads and 2 key/value heads of 128, the
/// shape of a production hybrid's attention layer): one decode step over a full ring buffer, and a
/// prefill of T queries over themselves. Flops counted are the useful ones, 4 d per visible
/// query-key pair (scores and the weighted sum): compare them with the same run's sgemm rows.
enum AttentionBench {
    static func run(quick: Bool, budget: Double, reporter: BenchReporter) {
        let (H, KV, d, W) = (8, 2, 128, 2048)
        let shape = SoftmaxAttention.Shape(queryHeads: H, keyValueHeads: KV, headDim: d, window: W)
        let scale = 1 / Float(d).squareRoot()
        var rng = SplitMix64(seed: 11)
        func values(_ n: Int) -> [Float] { (0..<n).map { _ in Float(Double(rng.next() >> 40) / Double(1 << 24) * 2 - 1) } }

        // Decode: the query at position 10,000 over a ring holding the 2047 keys before it and its own.
        let ringKeys = values(W * KV * d), ringValues = values(W * KV * d)
        let query = values(H * d), newKey = values(KV * d), newValue = values(KV * d)
        var output = [Float](repeating: 0, count: H * d)
        let step = BenchTimer.measure(budget: budget) {
            ringKeys.withUnsafeBufferPointer { rk in ringValues.withUnsafeBufferPointer { rv in
            newKey.withUnsafeBufferPointer { nk in newValue.withUnsafeBufferPointer { nv in
            query.withUnsafeBufferPointer { q in output.withUnsafeMutableBufferPointer { o in
                let blocks = [
                    SoftmaxAttention.KeyBlock(keys: rk.baseAddress!, values: rv.baseAddress!, count: W,
                                              positions: .ring(first: 10_000 - W, slots: W)),
                    SoftmaxAttention.KeyBlock(keys: nk.baseAddress!, values: nv.baseAddress!, count: 1,
                                              positions: .consecutive(first: 10_000)),
                ]
                SoftmaxAttention.attend(queries: q.baseAddress!, rows: 1, firstPosition: 10_000, blocks: blocks,
                                        shape: shape, scale: scale, output: o.baseAddress!)
            }}}}}}
        }
        reporter.add("attention_step_ms", step * 1000, "ms", threads: 1, extra: ["shape": "H8 KV2 d128 W2048"])
        reporter.add("attention_step", Double(4 * H * W * d) / step / 1e9, "GFLOP/s", threads: 1,
                     extra: ["shape": "H8 KV2 d128 W2048"])

        // Prefill: T queries at positions 0..<T, each seeing min(p + 1, W) keys.
        let T = quick ? 1024 : 2048
        let queries = values(T * H * d), keys = values(T * KV * d), vals = values(T * KV * d)
        var outputs = [Float](repeating: 0, count: T * H * d)
        let prefill = BenchTimer.measure(budget: budget) {
            keys.withUnsafeBufferPointer { k in vals.withUnsafeBufferPointer { v in
            queries.withUnsafeBufferPointer { q in outputs.withUnsafeMutableBufferPointer { o in
                SoftmaxAttention.attend(queries: q.baseAddress!, rows: T, firstPosition: 0,
                                        blocks: [.init(keys: k.baseAddress!, values: v.baseAddress!, count: T,
                                                       positions: .consecutive(first: 0))],
                                        shape: shape, scale: scale, output: o.baseAddress!)
            }}}}
        }
        let pairs = (0..<T).reduce(0) { $0 + min($1 + 1, W) }
        reporter.add("attention_prefill_tokens_per_s", Double(T) / prefill, "tokens/s", threads: 1,
                     extra: ["shape": "H8 KV2 d128 W2048"], counts: ["tokens": T])
        reporter.add("attention_prefill", Double(4 * H * d * pairs) / prefill / 1e9, "GFLOP/s", threads: 1,
                     extra: ["shape": "H8 KV2 d128 W2048"], counts: ["tokens": T])
    }
}
