import GatedDelta
import SafeTensors
import TextEscaping

/// fla's `GatedDeltaNetForCausalLM` as `save_pretrained` writes it (golden/README.md): config fields
/// with fla's defaults when missing, tensors under `model.layers.{i}.attn.*`.
public struct FLAFormat: CheckpointFormat {
    public init() {}

    public var name: String { "fla" }

    public func recognizes(config: [String: JSONValue]) -> Bool {
        guard let type = config["model_type"] else { return true }   // fla's own default
        return type == .string("gated_deltanet")
    }

    public func source(of parameter: ModelParameter, config c: ModelConfig) -> TensorSource? {
        switch parameter {
        case .embedding: return TensorSource("model.embeddings.weight")
        case .finalNorm: return TensorSource("model.norm.weight")
        case .outputHead: return c.tieWordEmbeddings ? nil : TensorSource("lm_head.weight")
        case .layer(let i, let p):
            let prefix = "model.layers.\(i)"
            switch p {
            case .mixerNorm: return TensorSource("\(prefix).attn_norm.weight")
            case .mlpNorm: return TensorSource("\(prefix).mlp_norm.weight")
            case .mlp(let m): return TensorSource("\(prefix).mlp.\(m.rawValue)_proj.weight")
            case .attention(let a):
                let attn = "\(prefix).attn"
                switch a {
                case .queryProjection: return TensorSource("\(attn).q_proj.weight")
                case .keyProjection: return TensorSource("\(attn).k_proj.weight")
                case .valueProjection: return TensorSource("\(attn).v_proj.weight")
                case .outputProjection: return TensorSource("\(attn).o_proj.weight")
                case .queryBias: return TensorSource("\(attn).q_proj.bias")
                case .keyBias: return TensorSource("\(attn).k_proj.bias")
                case .valueBias: return TensorSource("\(attn).v_proj.bias")
                case .outputGateProjection, .queryNorm, .keyNorm: return nil   // not in fla's attention
                }
            case .router, .expert, .sharedExpert, .sharedExpertGate: return nil   // fla's MLP is dense
            case .gatedDeltaNet(let g):
                let attn = "\(prefix).attn"
                let convolution: (String, Int) -> TensorSource = { name, channels in
                    TensorSource("\(attn).\(name).weight", storedShape: [channels, 1, c.convSize])
                }
                switch g {
                case .queryProjection: return TensorSource("\(attn).q_proj.weight")
                case .keyProjection: return TensorSource("\(attn).k_proj.weight")
                case .valueProjection: return TensorSource("\(attn).v_proj.weight")
                case .decayProjection: return TensorSource("\(attn).a_proj.weight")
                case .writeProjection: return TensorSource("\(attn).b_proj.weight")
                case .gateProjection: return TensorSource("\(attn).g_proj.weight")
                case .outputProjection: return TensorSource("\(attn).o_proj.weight")
                case .queryConvolution: return convolution("q_conv1d", c.keyWidth)
                case .keyConvolution: return convolution("k_conv1d", c.keyWidth)
                case .valueConvolution: return convolution("v_conv1d", c.valueWidth)
                case .decayRateLog: return TensorSource("\(attn).A_log")
                case .decayBias: return TensorSource("\(attn).dt_bias")
                case .outputNorm: return TensorSource("\(attn).o_norm.weight")
                }
            }
        }
    }

    /// Every field that changes the math is read; fields this project cannot run yet are refused by
    /// name rather than silently ignored.
    public func configuration(fields f: ConfigFields) throws(ModelError) -> ModelConfig {
        var c = ModelConfig()
        if let type = try f.string("model_type"), type != "gated_deltanet" {
            throw ModelError("model_type \"\(ByteEscaping.escaped(type))\" is not gated_deltanet")
        }
        if try f.isPresent("attnres_block_size") {
            throw ModelError("attnres_block_size: attention-residual blocks are not supported yet")
        }
        c.hiddenSize = try f.int("hidden_size") ?? c.hiddenSize
        c.layerCount = try f.int("num_hidden_layers") ?? c.layerCount
        c.keyHeads = try f.int("num_heads") ?? c.keyHeads
        c.valueHeads = try f.int("num_v_heads") ?? c.keyHeads
        c.headDim = try f.int("head_dim") ?? c.headDim
        c.expandV = try f.double("expand_v") ?? c.expandV
        c.useGate = try f.bool("use_gate") ?? c.useGate
        c.useShortConv = try f.bool("use_short_conv") ?? c.useShortConv
        c.convSize = try f.int("conv_size") ?? c.convSize
        c.allowNegativeEigenvalues = try f.bool("allow_neg_eigval") ?? c.allowNegativeEigenvalues
        c.normEps = Float(try f.double("norm_eps") ?? Double(c.normEps))
        c.tieWordEmbeddings = try f.bool("tie_word_embeddings") ?? c.tieWordEmbeddings
        c.vocabSize = try f.int("vocab_size") ?? c.vocabSize
        if let name = try f.string("output_gate_activation") {
            guard let activation = Activation(configName: name) else {
                throw ModelError("output_gate_activation \"\(ByteEscaping.escaped(name))\" is not supported (swish, silu or sigmoid)")
            }
            c.outputGateActivation = activation
        }
        if let name = try f.string("hidden_act") {
            guard let activation = Activation(configName: name), activation == .silu else {
                throw ModelError("hidden_act \"\(ByteEscaping.escaped(name))\" is not supported (swish or silu)")
            }
            c.hiddenActivation = activation
        }
        if let name = try f.string("update_rule") {
            guard let rule = UpdateRule(rawValue: name) else {
                throw ModelError("update_rule \"\(ByteEscaping.escaped(name))\" is not one of linear, gated, delta, gated_delta")
            }
            c.rule = rule
        }
        let hiddenRatio = try f.double("hidden_ratio") ?? 4
        if let size = try f.int("intermediate_size") {
            c.intermediateSize = size
        } else if c.hiddenSize > 0 {  // else validate() below refuses hidden_size first
            // Checked before the conversion to Int below, which would trap on a huge or NaN ratio.
            guard hiddenRatio > 0, Double(c.hiddenSize) * hiddenRatio < 1e12 else {
                throw ModelError("hidden_size \(c.hiddenSize) x hidden_ratio \(hiddenRatio) gives no usable intermediate size")
            }
            // fla: 256 * ceil(int(hidden * hidden_ratio * 2 / 3) / 256)
            let width = Int(Double(c.hiddenSize) * hiddenRatio * 2 / 3)
            c.intermediateSize = 256 * ((width + 255) / 256)
        }
        if c.hiddenSize > 0, c.layerCount > 0 {  // else validate() below names the size that is wrong
            c.attentionLayers = try attentionLayers(f, hidden: c.hiddenSize, layers: c.layerCount)
        }
        try c.validate()
        return c
    }

    /// `attn`: null, one object or a list of objects, each naming its own layers (golden/README.md).
    private func attentionLayers(_ f: ConfigFields, hidden: Int, layers: Int) throws(ModelError) -> [Int: AttentionConfig] {
        var specs: [ConfigFields] = []
        if let items = try? f.list("attn") {
            for (i, item) in items.enumerated() {
                guard case .object(let fields) = item else { throw ModelError("attn[\(i)] must be an object, got \(item)") }
                specs.append(ConfigFields(fields))
            }
        } else if let spec = try f.object("attn") {
            specs = [spec]
        }
        var result: [Int: AttentionConfig] = [:]
        for spec in specs {
            guard let heads = try spec.int("num_heads") else { throw ModelError("attn.num_heads is missing") }
            guard heads > 0 else { throw ModelError("attn.num_heads must be positive, got \(heads)") }
            let kvHeads = try spec.int("num_kv_heads") ?? heads
            guard kvHeads > 0, heads % kvHeads == 0 else {
                throw ModelError("attn.num_kv_heads \(kvHeads) does not divide attn.num_heads \(heads)")
            }
            guard hidden % heads == 0 else {
                throw ModelError("attn.num_heads \(heads) does not divide hidden_size \(hidden)")
            }
            let window = try spec.int("window_size")
            if let window, window < 1 { throw ModelError("attn.window_size must be at least 1, got \(window)") }
            let theta = try spec.double("rope_theta") ?? 10000
            guard theta > 0, theta.isFinite else { throw ModelError("attn.rope_theta must be positive, got \(theta)") }
            let config = AttentionConfig(heads: heads, keyValueHeads: kvHeads, headDim: hidden / heads,
                                         qkvBias: try spec.bool("qkv_bias") ?? false, window: window, ropeTheta: theta)
            guard let indices = try spec.list("layers") else { throw ModelError("attn.layers is missing") }
            for item in indices {
                guard let d = item.numberValue, d == d.rounded(), abs(d) < 1e9 else {
                    throw ModelError("attn.layers must hold layer indices, got \(item)")
                }
                let layer = Int(d)
                guard (0..<layers).contains(layer) else {
                    throw ModelError("attn.layers: layer \(layer) is outside the \(layers) layers (0...\(layers - 1))")
                }
                guard result[layer] == nil else { throw ModelError("attn.layers: layer \(layer) is named twice") }
                result[layer] = config
            }
        }
        return result
    }
}
