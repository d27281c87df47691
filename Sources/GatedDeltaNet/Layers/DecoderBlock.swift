/// One block: x = x + mixer(rmsnorm(x)), then x = x + mlp(rmsnorm(x)).
public struct DecoderBlock: Sendable {
    public let mixerNorm: RMSNorm
    public let mixer: TokenMixer
    public let mlpNorm: RMSNorm
    public let mlp: FeedForward

    init(_ weights: ParameterLoader, index i: Int, config c: ModelConfig) throws(ModelError) {
        mixerNorm = try RMSNorm(weights, .layer(i, .mixerNorm), width: c.hiddenSize, eps: c.normEps)
        switch c.layerKinds[i] {
        case .gatedDeltaNet: mixer = .gatedDeltaNet(try GatedDeltaNetLayer(weights, layer: i, config: c))
        case .attention:
            mixer = .attention(try AttentionLayer(weights, layer: i, attention: c.attentionLayers[i]!, hidden: c.hiddenSize))
        }
        mlpNorm = try RMSNorm(weights, .layer(i, .mlpNorm), width: c.hiddenSize, eps: c.normEps)
        if let experts = c.experts(layer: i) {
            mlp = .mixtureOfExperts(try MixtureOfExperts(weights, layer: i, config: experts, hidden: c.hiddenSize))
        } else {
            mlp = .swiGLU(try SwiGLUMLP(weights, { .layer(i, .mlp($0)) }, hidden: c.hiddenSize, intermediate: c.intermediateSize))
        }
    }

    public var kind: LayerKind { mixer.kind }

    /// Floats of scratch per row, besides the block's own three hidden-width buffers.
    var scratchPerRow: Int { max(mixer.scratchPerRow, mlp.scratchPerRow) }

    /// x [T, hidden] in place; `normed` and `sublayer` hold T rows of hidden width.
    func forward(_ x: UnsafeMutablePointer<Float>, rows T: Int, cache: inout LayerCache, form: KernelForm,
                 buffers b: BlockBuffers, retained: UnsafeMutablePointer<Float>, mlpRetained: UnsafeMutablePointer<Float>,
                 observe: ((MixerCall) -> Void)?) {
        let n = T * mixerNorm.weight.count
        b.normed.update(from: x, count: n)
        mixerNorm.normalize(b.normed, rows: T)
        mixer.forward(b.normed, rows: T, cache: &cache, form: form, scratch: b.scratch, retained: retained,
                      into: b.sublayer, observe: observe)
        for i in 0..<n { x[i] += b.sublayer[i] }
        b.normed.update(from: x, count: n)
        mlpNorm.normalize(b.normed, rows: T)
        mlp.apply(b.normed, rows: T, scratch: b.scratch, retained: mlpRetained, into: b.sublayer)
        for i in 0..<n { x[i] += b.sublayer[i] }
    }
}

/// The block's working memory inside a `ForwardWorkspace`.
struct BlockBuffers {
    let normed, sublayer, scratch: UnsafeMutablePointer<Float>
}
