/// A model's parameters by what they are, not by where a checkpoint keeps them: layers are built from
/// these, and a `CheckpointFormat` says which stored tensor (and which transform of it) gives each.
public enum ModelParameter: Hashable, Sendable, CustomStringConvertible {
    case embedding
    case finalNorm
    /// The LM head (absent when the checkpoint ties it to the embedding).
    case outputHead
    case layer(Int, LayerParameter)

    public var description: String {
        switch self {
        case .embedding: "embedding"
        case .finalNorm: "final norm"
        case .outputHead: "output head"
        case .layer(let i, let p): "layer \(i) \(p)"
        }
    }
}

/// The parameters of one decoder block.
public enum LayerParameter: Hashable, Sendable, CustomStringConvertible {
    /// The RMSNorm before the token mixer, and the one before the MLP.
    case mixerNorm
    case mlpNorm
    case gatedDeltaNet(GatedDeltaNetParameter)
    case attention(AttentionParameter)
    case mlp(MLPParameter)
    /// A mixture of experts: the router, expert e's projections, the shared expert and its gate.
    case router
    case expert(Int, MLPParameter)
    case sharedExpert(MLPParameter)
    case sharedExpertGate

    public var description: String {
        switch self {
        case .mixerNorm: "mixer norm"
        case .mlpNorm: "mlp norm"
        case .gatedDeltaNet(let p): "gated deltanet \(p.rawValue)"
        case .attention(let p): "attention \(p.rawValue)"
        case .mlp(let p): "mlp \(p.rawValue)"
        case .router: "router"
        case .expert(let e, let p): "expert \(e) \(p.rawValue)"
        case .sharedExpert(let p): "shared expert \(p.rawValue)"
        case .sharedExpertGate: "shared expert gate"
        }
    }
}

/// A Gated DeltaNet layer's parameters (golden/README.md): the projections, the short convolutions over
/// q, k and v, the decay's A_log and dt_bias, and the output norm.
public enum GatedDeltaNetParameter: String, Hashable, Sendable, CaseIterable {
    case queryProjection, keyProjection, valueProjection
    case decayProjection       // a: the log decay's input
    case writeProjection       // b: beta's input
    case gateProjection        // the output gate (when use_gate)
    case outputProjection
    case queryConvolution, keyConvolution, valueConvolution
    case decayRateLog          // A_log
    case decayBias             // dt_bias
    case outputNorm
}

/// A softmax attention layer's projections and their optional biases.
public enum AttentionParameter: String, Hashable, Sendable, CaseIterable {
    case queryProjection, keyProjection, valueProjection, outputProjection
    case queryBias, keyBias, valueBias
    /// Qwen's gated attention: the gate half of q_proj, and the per-head q and k norms.
    case outputGateProjection, queryNorm, keyNorm
}

/// A gated MLP's three projections.
public enum MLPParameter: String, Hashable, Sendable, CaseIterable {
    case gate, up, down
}
