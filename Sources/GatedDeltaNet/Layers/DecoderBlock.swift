/// One block: x = x + attn(rmsnorm(x)), then x = x + mlp(rmsnorm(x)).
public struct DecoderBlock: Sendable {
    public let attentionNorm: RMSNorm
    public let attention: GatedDeltaNetAttention
    public let mlpNorm: RMSNorm
    public let mlp: SwiGLUMLP

    init(_ store: WeightStore, index i: Int, config c: ModelConfig) throws(ModelError) {
        let p = "model.layers.\(i)"
        attentionNorm = try RMSNorm(store, "\(p).attn_norm.weight", width: c.hiddenSize, eps: c.normEps)
        attention = try GatedDeltaNetAttention(store, prefix: "\(p).attn", config: c)
        mlpNorm = try RMSNorm(store, "\(p).mlp_norm.weight", width: c.hiddenSize, eps: c.normEps)
        mlp = try SwiGLUMLP(store, prefix: "\(p).mlp", hidden: c.hiddenSize, intermediate: c.intermediateSize)
    }

    public func callAsFunction(_ x: inout [Float], rows T: Int, cache: inout LayerCache, form: KernelForm,
                               observe: ((GatedDeltaNetAttention.KernelCall) -> Void)?) {
        let a = attention(attentionNorm(x), rows: T, cache: &cache, form: form, observe: observe)
        for i in x.indices { x[i] += a[i] }
        let m = mlp(mlpNorm(x), rows: T)
        for i in x.indices { x[i] += m[i] }
    }

    /// One token in place on caller-owned memory, allocating nothing (see `GatedDeltaNetAttention.step`).
    func step(_ x: UnsafeMutablePointer<Float>, cache: inout LayerCache, scratch: TokenStepScratch) {
        let n = attentionNorm.weight.count
        scratch.normed.update(from: x, count: n)
        attentionNorm.normalize(scratch.normed, rows: 1)
        attention.step(scratch.normed, cache: &cache, scratch: scratch.attention, into: scratch.sublayer)
        for i in 0..<n { x[i] += scratch.sublayer[i] }
        scratch.normed.update(from: x, count: n)
        mlpNorm.normalize(scratch.normed, rows: 1)
        mlp.apply(scratch.normed, gateScratch: scratch.mlpGate, upScratch: scratch.mlpUp, into: scratch.sublayer)
        for i in 0..<n { x[i] += scratch.sublayer[i] }
    }
}
