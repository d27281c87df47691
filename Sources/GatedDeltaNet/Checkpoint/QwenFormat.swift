import Foundation
import GatedDelta
import SafeTensors
import TextEscaping

/// Hugging Face transformers' Gated DeltaNet hybrids (golden/README.md, "Hugging Face GDN hybrids"):
/// Qwen3.5 (`qwen3_5`, text under `text_config`, tensors `model.language_model.*`; `qwen3_5_text`, flat),
/// Qwen3.5-MoE (`qwen3_5_moe`) and Qwen3-Next (`qwen3_next`: q, k, v, z and b, a interleaved per key
/// head). Zero-centred norms (1 + w) everywhere but the GDN output norm; gated attention with q/k norms
/// and a partial rotary; MoE MLPs. The vision tower (`model.visual.*`) and `mtp.*` are not read.
public struct QwenFormat: CheckpointFormat {
    public enum Variant: String, Sendable, CaseIterable {
        case qwen35 = "qwen3_5"
        case qwen35Text = "qwen3_5_text"
        case qwen35MoE = "qwen3_5_moe"
        case qwen35MoEText = "qwen3_5_moe_text"
        case qwen3Next = "qwen3_next"

        /// The config nests the text model under `text_config` and the tensors under `language_model`.
        var isMultimodal: Bool { self == .qwen35 || self == .qwen35MoE }
        var interleavesProjections: Bool { self == .qwen3Next }
    }

    public let variant: Variant

    public init(variant: Variant) { self.variant = variant }

    /// The format for a config.json's fields, when its model_type is one of these.
    public init?(config: [String: JSONValue]) {
        guard case .string(let type)? = config["model_type"], let variant = Variant(rawValue: type) else { return nil }
        self.variant = variant
    }

    public var name: String { variant.rawValue }

    public func recognizes(config: [String: JSONValue]) -> Bool {
        config["model_type"] == .string(variant.rawValue)
    }

    private var prefix: String { variant.isMultimodal ? "model.language_model." : "model." }

    public func source(of parameter: ModelParameter, config c: ModelConfig) -> TensorSource? {
        switch parameter {
        case .embedding: return TensorSource(prefix + "embed_tokens.weight")
        case .finalNorm: return TensorSource(prefix + "norm.weight", transform: .addingOne)
        case .outputHead: return c.tieWordEmbeddings ? nil : TensorSource("lm_head.weight")
        case .layer(let i, let p): return source(of: p, layer: i, config: c)
        }
    }

    private func source(of parameter: LayerParameter, layer i: Int, config c: ModelConfig) -> TensorSource? {
        let layer = "\(prefix)layers.\(i)."
        switch parameter {
        case .mixerNorm: return TensorSource(layer + "input_layernorm.weight", transform: .addingOne)
        case .mlpNorm: return TensorSource(layer + "post_attention_layernorm.weight", transform: .addingOne)
        case .gatedDeltaNet(let p): return source(of: p, prefix: layer + "linear_attn.", config: c)
        case .attention(let p):
            let attn = layer + "self_attn.", a = c.attentionLayers[i]
            let (heads, d) = (a?.heads ?? 0, a?.headDim ?? 0)
            switch p {
            // q_proj holds, per head, the query (d rows) then its output gate (d rows).
            case .queryProjection:
                return TensorSource(attn + "q_proj.weight", transform: .rowBlocks(offset: 0, length: d, period: 2 * d, blocks: heads))
            case .outputGateProjection:
                return TensorSource(attn + "q_proj.weight", transform: .rowBlocks(offset: d, length: d, period: 2 * d, blocks: heads))
            case .keyProjection: return TensorSource(attn + "k_proj.weight")
            case .valueProjection: return TensorSource(attn + "v_proj.weight")
            case .outputProjection: return TensorSource(attn + "o_proj.weight")
            case .queryNorm: return TensorSource(attn + "q_norm.weight", transform: .addingOne)
            case .keyNorm: return TensorSource(attn + "k_norm.weight", transform: .addingOne)
            case .queryBias, .keyBias, .valueBias: return nil   // attention_bias is refused
            }
        case .mlp(let p): return TensorSource(layer + "mlp.\(p.rawValue)_proj.weight")
        case .router: return TensorSource(layer + "mlp.gate.weight")
        case .sharedExpert(let p): return TensorSource(layer + "mlp.shared_expert.\(p.rawValue)_proj.weight")
        case .sharedExpertGate: return TensorSource(layer + "mlp.shared_expert_gate.weight")
        case .expert(let e, let p):
            // One tensor per expert as transformers saves them, or fused per layer as published
            // Qwen3.5-MoE checkpoints keep them: gate_up_proj [E, 2I, hidden], down_proj [E, hidden, I].
            guard let moe = c.mixtureOfExperts else { return nil }
            let (E, I, h) = (moe.experts, moe.expertWidth, c.hiddenSize)
            let fused: TensorSource
            switch p {
            case .gate: fused = TensorSource(layer + "mlp.experts.gate_up_proj", storedShape: [E, 2 * I, h],
                                              transform: .rows(e * 2 * I..<e * 2 * I + I, of: E * 2 * I))
            case .up: fused = TensorSource(layer + "mlp.experts.gate_up_proj", storedShape: [E, 2 * I, h],
                                            transform: .rows(e * 2 * I + I..<(e + 1) * 2 * I, of: E * 2 * I))
            case .down: fused = TensorSource(layer + "mlp.experts.down_proj", storedShape: [E, h, I],
                                              transform: .rows(e * h..<(e + 1) * h, of: E * h))
            }
            return TensorSource(layer + "mlp.experts.\(e).\(p.rawValue)_proj.weight", alternatives: [fused])
        }
    }

    /// A GDN layer's tensors. The conv runs over [all q | all k | all v]; Qwen3.5 splits the input
    /// projections by kind, Qwen3-Next interleaves them per key head j: q_j | k_j | v_j | z_j, and b_j | a_j.
    private func source(of parameter: GatedDeltaNetParameter, prefix linear: String, config c: ModelConfig) -> TensorSource? {
        let (nk, dk, r) = (c.keyHeads, c.headDim, c.valueHeads / max(c.keyHeads, 1))
        let rdv = r * c.headValueDim, kw = c.keyWidth, vw = c.valueWidth
        let convolution = 2 * kw + vw
        func conv(_ range: Range<Int>) -> TensorSource {
            TensorSource(linear + "conv1d.weight", storedShape: [convolution, 1, c.convSize], transform: .rows(range, of: convolution))
        }
        func qkvz(_ offset: Int, _ length: Int) -> TensorSource {
            TensorSource(linear + "in_proj_qkvz.weight",
                         transform: .rowBlocks(offset: offset, length: length, period: 2 * dk + 2 * rdv, blocks: nk))
        }
        func ba(_ offset: Int) -> TensorSource {
            TensorSource(linear + "in_proj_ba.weight", transform: .rowBlocks(offset: offset, length: r, period: 2 * r, blocks: nk))
        }
        let interleaved = variant.interleavesProjections
        switch parameter {
        case .queryProjection:
            return interleaved ? qkvz(0, dk) : TensorSource(linear + "in_proj_qkv.weight", transform: .rows(0..<kw, of: convolution))
        case .keyProjection:
            return interleaved ? qkvz(dk, dk) : TensorSource(linear + "in_proj_qkv.weight", transform: .rows(kw..<2 * kw, of: convolution))
        case .valueProjection:
            return interleaved ? qkvz(2 * dk, rdv)
                : TensorSource(linear + "in_proj_qkv.weight", transform: .rows(2 * kw..<convolution, of: convolution))
        case .gateProjection: return interleaved ? qkvz(2 * dk + rdv, rdv) : TensorSource(linear + "in_proj_z.weight")
        case .writeProjection: return interleaved ? ba(0) : TensorSource(linear + "in_proj_b.weight")
        case .decayProjection: return interleaved ? ba(r) : TensorSource(linear + "in_proj_a.weight")
        case .outputProjection: return TensorSource(linear + "out_proj.weight")
        case .queryConvolution: return conv(0..<kw)
        case .keyConvolution: return conv(kw..<2 * kw)
        case .valueConvolution: return conv(2 * kw..<convolution)
        case .decayRateLog: return TensorSource(linear + "A_log")
        case .decayBias: return TensorSource(linear + "dt_bias")
        case .outputNorm: return TensorSource(linear + "norm.weight")   // a plain weight, not zero-centred
        }
    }

    public func configuration(fields top: ConfigFields) throws(ModelError) -> ModelConfig {
        let f: ConfigFields
        if variant.isMultimodal {
            guard let text = try top.object("text_config") else { throw ModelError("text_config is missing") }
            f = text
        } else {
            f = top
        }
        func required(_ name: String) throws(ModelError) -> Int {
            guard let value = try f.int(name) else { throw ModelError("\(name) is missing") }
            guard value > 0 else { throw ModelError("\(name) must be positive, got \(value)") }
            return value
        }
        var c = ModelConfig()
        c.modelType = variant.rawValue
        c.hiddenSize = try required("hidden_size")
        c.layerCount = try required("num_hidden_layers")
        c.vocabSize = try required("vocab_size")
        c.normEps = Float(try f.double("rms_norm_eps") ?? 1e-6)
        let tiedHere = try f.bool("tie_word_embeddings"), tiedAbove = try top.bool("tie_word_embeddings")
        c.tieWordEmbeddings = tiedHere ?? tiedAbove ?? false
        if let act = try f.string("hidden_act"), act != "silu" {
            throw ModelError("hidden_act \"\(ByteEscaping.escaped(act))\" is not supported (silu)")
        }
        if try f.bool("attention_bias") == true { throw ModelError("attention_bias: biases in attention are not supported") }
        // The Gated DeltaNet layers.
        c.keyHeads = try required("linear_num_key_heads")
        c.valueHeads = try required("linear_num_value_heads")
        c.headDim = try required("linear_key_head_dim")
        let valueDim = try required("linear_value_head_dim")
        c.expandV = Double(valueDim) / Double(c.headDim)
        c.convSize = try f.int("linear_conv_kernel_dim") ?? 4
        (c.useGate, c.useShortConv, c.outputGateActivation, c.allowNegativeEigenvalues) = (true, true, .silu, false)
        guard c.valueHeads % c.keyHeads == 0 else {
            throw ModelError("linear_num_value_heads (\(c.valueHeads)) must be a multiple of linear_num_key_heads (\(c.keyHeads))")
        }
        // The attention layers.
        let attention = try attentionConfig(f, config: c)
        for (i, full) in try fullAttentionLayers(f, layers: c.layerCount).enumerated() where full {
            c.attentionLayers[i] = attention
        }
        // The MLPs.
        c.intermediateSize = try f.int("intermediate_size") ?? 1
        if let experts = try f.int("num_experts"), experts > 0 {
            let topK = try required("num_experts_per_tok")
            guard topK <= experts else { throw ModelError("num_experts_per_tok \(topK) exceeds num_experts \(experts)") }
            c.mixtureOfExperts = MixtureOfExpertsConfig(
                experts: experts, topK: topK, normalizesTopK: try f.bool("norm_topk_prob") ?? true,
                expertWidth: try required("moe_intermediate_size"),
                sharedWidth: try f.int("shared_expert_intermediate_size") ?? 0)
            let step = try f.int("decoder_sparse_step") ?? 1
            guard step >= 1 else { throw ModelError("decoder_sparse_step must be at least 1, got \(step)") }
            var dense = Set((0..<c.layerCount).filter { ($0 + 1) % step != 0 })
            for item in try f.list("mlp_only_layers") ?? [] {
                guard let d = item.numberValue, d == d.rounded(), (0..<Double(c.layerCount)).contains(d) else {
                    throw ModelError("mlp_only_layers: \(item) is not a layer index")
                }
                dense.insert(Int(d))
            }
            c.denseLayers = dense
            if !dense.isEmpty { c.intermediateSize = try required("intermediate_size") }
        } else {
            c.intermediateSize = try required("intermediate_size")
        }
        try c.validate()
        return c
    }

    /// Gated attention with q/k norms and a partial NeoX rotary. For text, every M-RoPE section reads
    /// the token index, so a section list reduces to the plain rotary when it covers the rotary's halves.
    private func attentionConfig(_ f: ConfigFields, config c: ModelConfig) throws(ModelError) -> AttentionConfig {
        let heads = try f.int("num_attention_heads") ?? 0
        guard heads > 0 else { throw ModelError("num_attention_heads is missing or not positive") }
        let kvHeads = try f.int("num_key_value_heads") ?? heads
        guard kvHeads > 0, heads % kvHeads == 0 else {
            throw ModelError("num_key_value_heads \(kvHeads) does not divide num_attention_heads \(heads)")
        }
        let d = try f.int("head_dim") ?? c.hiddenSize / heads
        guard d > 0 else { throw ModelError("head_dim must be positive, got \(d)") }
        let rope = try f.object("rope_parameters")
        // rope_parameters (transformers 5) or the top-level fields of published configs.
        let (ropeTheta, topTheta) = (try rope?.double("rope_theta"), try f.double("rope_theta"))
        let (ropeFactor, topFactor) = (try rope?.double("partial_rotary_factor"), try f.double("partial_rotary_factor"))
        let theta = ropeTheta ?? topTheta ?? 10000, factor = ropeFactor ?? topFactor ?? 1
        guard theta > 0, theta.isFinite else { throw ModelError("rope_theta must be positive, got \(theta)") }
        guard factor > 0, factor <= 1 else { throw ModelError("partial_rotary_factor must be in (0, 1], got \(factor)") }
        let rotary = Int((Double(d) * factor).rounded())
        guard rotary % 2 == 0, rotary > 0 else {
            throw ModelError("partial_rotary_factor \(factor) of head_dim \(d) is not an even number of rotary dimensions")
        }
        if let type = try rope?.string("rope_type"), type != "default" {
            throw ModelError("rope_parameters.rope_type \"\(ByteEscaping.escaped(type))\" is not supported (default)")
        }
        if let sections = try rope?.list("mrope_section") {
            let total = sections.reduce(0.0) { $0 + ($1.numberValue ?? .nan) }
            guard total == Double(rotary / 2) else {
                throw ModelError("rope_parameters.mrope_section \(sections) does not cover the \(rotary / 2) rotary frequencies: it does not reduce to plain rotary for text")
            }
        }
        return AttentionConfig(heads: heads, keyValueHeads: kvHeads, headDim: d, ropeTheta: theta, rotaryDimensions: rotary,
                               hasOutputGate: true, normalizesQueryKey: true, normEps: c.normEps)
    }

    /// `layer_types` (linear_attention or full_attention), else every `full_attention_interval`-th layer.
    private func fullAttentionLayers(_ f: ConfigFields, layers: Int) throws(ModelError) -> [Bool] {
        if let types = try f.list("layer_types") {
            guard types.count == layers else {
                throw ModelError("layer_types has \(types.count) entries for num_hidden_layers \(layers)")
            }
            return try types.enumerated().map { (i, type) throws(ModelError) in
                switch type {
                case .string("linear_attention"): return false
                case .string("full_attention"): return true
                default: throw ModelError("layer_types[\(i)] \(type) is neither linear_attention nor full_attention")
                }
            }
        }
        let interval = try f.int("full_attention_interval") ?? 4
        guard interval >= 1 else { throw ModelError("full_attention_interval must be at least 1, got \(interval)") }
        return (0..<layers).map { ($0 + 1) % interval == 0 }
    }
}

/// The formats a checkpoint directory may be in, told apart by config.json's `model_type`.
public enum CheckpointFormats {
    public static func format(for config: [String: JSONValue]) throws(ModelError) -> any CheckpointFormat {
        if let qwen = QwenFormat(config: config) { return qwen }
        if FLAFormat().recognizes(config: config) { return FLAFormat() }
        let qwen = QwenFormat.Variant.allCases.map(\.rawValue).joined(separator: ", ")
        let type: String
        if case .string(let name)? = config["model_type"] { type = "\"\(ByteEscaping.escaped(name))\"" } else {
            type = config["model_type"].map { "\($0)" } ?? "?"
        }
        throw ModelError("model_type \(type) is not gated_deltanet (fla) or a Hugging Face hybrid (\(qwen))")
    }

    /// A config.json's bytes through the format its model_type picks.
    public static func configuration(json data: Data) throws(ModelError) -> (any CheckpointFormat, ModelConfig) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data), case .object(let fields) = value else {
            throw ModelError("config is not a JSON object")
        }
        let format = try format(for: fields)
        return (format, try format.configuration(fields: ConfigFields(fields)))
    }

    /// Reads config.json and picks its format.
    public static func load(_ url: URL) throws(ModelError) -> (any CheckpointFormat, ModelConfig) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelError("\(url.path): cannot read config: \(error.localizedDescription)")
        }
        do { return try configuration(json: data) } catch { throw ModelError("\(url.path): \(error.message)") }
    }
}
