import Foundation
import GatedDelta
import SafeTensors
import TextEscaping

/// The fields of fla's `GatedDeltaNetConfig` that change the math, with fla's defaults where a field is
/// missing. Fields this project cannot run yet are refused by name rather than silently ignored.
public struct ModelConfig: Sendable, Equatable {
    public var hiddenSize = 2048
    public var layerCount = 21
    public var keyHeads = 6
    public var valueHeads = 6
    public var headDim = 256
    public var expandV = 2.0
    public var useGate = true
    public var outputGateActivation = Activation.silu
    public var useShortConv = true
    public var convSize = 4
    public var allowNegativeEigenvalues = false
    public var normEps: Float = 1e-6
    public var intermediateSize = 5632
    public var hiddenActivation = Activation.silu
    public var tieWordEmbeddings = false
    public var vocabSize = 32000
    /// Not an fla field: the update rule a checkpoint was trained with (`"update_rule"` in config.json:
    /// linear, gated, delta, gated_delta). fla's GatedDeltaNet is always gated_delta; the rule variants
    /// of the sample models say otherwise, so the screen shows each model as it was trained.
    public var rule = UpdateRule.gatedDelta

    /// The value dimension of one head: head_dim x expand_v.
    public var headValueDim: Int { Int((Double(headDim) * expandV).rounded()) }
    public var keyWidth: Int { keyHeads * headDim }
    public var valueWidth: Int { valueHeads * headValueDim }

    public init() {}

    /// Reads `config.json` of a checkpoint directory.
    public init(contentsOf url: URL) throws(ModelError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelError("\(url.path): cannot read config: \(error.localizedDescription)")
        }
        do { try self.init(json: data) } catch { throw ModelError("\(url.path): \(error.message)") }
    }

    public init(json data: Data) throws(ModelError) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data), case .object(let fields) = value else {
            throw ModelError("config is not a JSON object")
        }
        try self.init(fields: ConfigFields(fields))
    }

    init(fields f: ConfigFields) throws(ModelError) {
        if let type = try f.string("model_type"), type != "gated_deltanet" {
            throw ModelError("model_type \"\(ByteEscaping.escaped(type))\" is not gated_deltanet")
        }
        if try f.isPresent("attn") {
            throw ModelError("attn: hybrid attention layers are not supported yet")
        }
        if try f.isPresent("attnres_block_size") {
            throw ModelError("attnres_block_size: attention-residual blocks are not supported yet")
        }
        hiddenSize = try f.int("hidden_size") ?? hiddenSize
        layerCount = try f.int("num_hidden_layers") ?? layerCount
        keyHeads = try f.int("num_heads") ?? keyHeads
        valueHeads = try f.int("num_v_heads") ?? keyHeads
        headDim = try f.int("head_dim") ?? headDim
        expandV = try f.double("expand_v") ?? expandV
        useGate = try f.bool("use_gate") ?? useGate
        useShortConv = try f.bool("use_short_conv") ?? useShortConv
        convSize = try f.int("conv_size") ?? convSize
        allowNegativeEigenvalues = try f.bool("allow_neg_eigval") ?? allowNegativeEigenvalues
        normEps = Float(try f.double("norm_eps") ?? Double(normEps))
        tieWordEmbeddings = try f.bool("tie_word_embeddings") ?? tieWordEmbeddings
        vocabSize = try f.int("vocab_size") ?? vocabSize
        if let name = try f.string("output_gate_activation") {
            guard let activation = Activation(configName: name) else {
                throw ModelError("output_gate_activation \"\(ByteEscaping.escaped(name))\" is not supported (swish, silu or sigmoid)")
            }
            outputGateActivation = activation
        }
        if let name = try f.string("hidden_act") {
            guard let activation = Activation(configName: name), activation == .silu else {
                throw ModelError("hidden_act \"\(ByteEscaping.escaped(name))\" is not supported (swish or silu)")
            }
            hiddenActivation = activation
        }
        if let name = try f.string("update_rule") {
            guard let rule = UpdateRule(rawValue: name) else {
                throw ModelError("update_rule \"\(ByteEscaping.escaped(name))\" is not one of linear, gated, delta, gated_delta")
            }
            self.rule = rule
        }
        let hiddenRatio = try f.double("hidden_ratio") ?? 4
        if let size = try f.int("intermediate_size") {
            intermediateSize = size
        } else if hiddenSize > 0 {  // else validate() below refuses hidden_size first
            // Checked before the conversion to Int below, which would trap on a huge or NaN ratio.
            guard hiddenRatio > 0, Double(hiddenSize) * hiddenRatio < 1e12 else {
                throw ModelError("hidden_size \(hiddenSize) x hidden_ratio \(hiddenRatio) gives no usable intermediate size")
            }
            // fla: 256 * ceil(int(hidden * hidden_ratio * 2 / 3) / 256)
            let width = Int(Double(hiddenSize) * hiddenRatio * 2 / 3)
            intermediateSize = 256 * ((width + 255) / 256)
        }
        try validate()
    }

    /// Sizes that would trap or exhaust memory are refused here, with the field that is wrong.
    public func validate() throws(ModelError) {
        let positive: [(String, Int)] = [
            ("hidden_size", hiddenSize), ("num_hidden_layers", layerCount), ("num_heads", keyHeads),
            ("num_v_heads", valueHeads), ("head_dim", headDim), ("conv_size", convSize),
            ("vocab_size", vocabSize), ("intermediate_size", intermediateSize),
        ]
        for (name, value) in positive where value < 1 {
            throw ModelError("\(name) must be positive, got \(value)")
        }
        guard valueHeads % keyHeads == 0 else {
            throw ModelError("num_v_heads (\(valueHeads)) must be a multiple of num_heads (\(keyHeads))")
        }
        // The range is checked before headValueDim converts head_dim x expand_v to Int (a trap when huge).
        guard expandV > 0, Double(headDim) * expandV < 1e12, abs(Double(headDim) * expandV - Double(headValueDim)) < 1e-5 else {
            throw ModelError("expand_v \(expandV) times head_dim \(headDim) is not a usable whole number")
        }
        guard normEps >= 0, normEps.isFinite else { throw ModelError("norm_eps must be a small positive number") }
        let parameters = parameterCount
        guard parameters < 2_000_000_000 else {
            throw ModelError("sizes in config would need \(parameters / 250_000_000) GB of fp32 weights: too large")
        }
        // The recurrent state is not made of weights: a few weights can still describe a huge one
        // (head_dim 30000 is 3.6 GB a layer), allocated per session and again per checkpoint.
        let stateBytes = Double(layerCount) * Double(valueHeads) * Double(headDim) * Double(headDim) * expandV * 4
        guard stateBytes <= 1e9 else {
            throw ModelError("the memory state would need \(stateBytes / 1e9) GB (layers x num_v_heads x head_dim x head_dim x expand_v): too large")
        }
    }

    /// About how many weights the config describes, all in Double: it runs before the sizes are known
    /// to be sane, and Int products of absurd sizes would trap.
    public var parameterCount: Double {
        let h = Double(hiddenSize)
        let keyWidth = Double(keyHeads) * Double(headDim), valueWidth = Double(valueHeads) * Double(headValueDim)
        let attention = h * (2 * keyWidth + (useGate ? 2 : 1) * valueWidth + 2 * Double(valueHeads))
            + valueWidth * h
        let mlp = 3 * h * Double(intermediateSize)
        let embeddings = Double(vocabSize) * h * (tieWordEmbeddings ? 1 : 2)
        return Double(layerCount) * (attention + mlp) + embeddings
    }
}

/// Typed access to the JSON fields, with an error naming the field whose type is wrong.
struct ConfigFields {
    let fields: [String: JSONValue]
    init(_ fields: [String: JSONValue]) { self.fields = fields }

    func isPresent(_ name: String) throws(ModelError) -> Bool { value(name) != nil }

    private func value(_ name: String) -> JSONValue? {
        guard let value = fields[name], value != .null else { return nil }
        return value
    }

    func int(_ name: String) throws(ModelError) -> Int? {
        guard let value = value(name) else { return nil }
        guard let d = value.numberValue, d == d.rounded(), abs(d) < 1e15 else {
            throw ModelError("\(name) must be an integer, got \(value)")
        }
        return Int(d)
    }

    func double(_ name: String) throws(ModelError) -> Double? {
        guard let value = value(name) else { return nil }
        guard let d = value.numberValue else { throw ModelError("\(name) must be a number, got \(value)") }
        return d
    }

    func bool(_ name: String) throws(ModelError) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let b) = value else { throw ModelError("\(name) must be true or false, got \(value)") }
        return b
    }

    func string(_ name: String) throws(ModelError) -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let s) = value else { throw ModelError("\(name) must be a string, got \(value)") }
        return s
    }
}
