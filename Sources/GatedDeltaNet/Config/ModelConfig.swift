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
    /// The layers that are softmax attention instead of Gated DeltaNet (a hybrid), by index.
    public var attentionLayers: [Int: AttentionConfig] = [:]
    /// The MLP of the layers not in `denseLayers`, when the model has experts.
    public var mixtureOfExperts: MixtureOfExpertsConfig?
    /// Layers whose MLP is dense even though the model has experts.
    public var denseLayers: Set<Int> = []
    /// The checkpoint's `model_type`, for messages and the status line.
    public var modelType = "gated_deltanet"

    /// The value dimension of one head: head_dim x expand_v.
    public var headValueDim: Int { Int((Double(headDim) * expandV).rounded()) }
    public var keyWidth: Int { keyHeads * headDim }
    public var valueWidth: Int { valueHeads * headValueDim }

    public init() {}

    /// Reads `config.json` of an fla checkpoint directory (see `FLAFormat`).
    public init(contentsOf url: URL) throws(ModelError) {
        self = try FLAFormat().configuration(contentsOf: url)
    }

    /// An fla config.json's bytes (see `FLAFormat`).
    public init(json data: Data) throws(ModelError) {
        self = try FLAFormat().configuration(json: data)
    }

    /// What kind of token mixer each layer has.
    public var layerKinds: [LayerKind] {
        (0..<layerCount).map { attentionLayers[$0] == nil ? .gatedDeltaNet : .attention }
    }

    /// The mixture of experts of layer `i`, nil for a dense MLP.
    public func experts(layer i: Int) -> MixtureOfExpertsConfig? { denseLayers.contains(i) ? nil : mixtureOfExperts }

    /// How many layers are Gated DeltaNet layers.
    public var gatedDeltaNetLayerCount: Int { layerCount - attentionLayers.count }

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
        // The weights are widened to fp32 at load: refuse what this machine could not hold, before
        // allocating any of it (a wrong config can describe terabytes).
        let weightBytes = parameterCount * 4, available = Double(ProcessInfo.processInfo.physicalMemory)
        guard weightBytes < available else {
            throw ModelError("sizes in config would need \(Self.gigabytes(weightBytes)) of fp32 weights; this machine has \(Self.gigabytes(available))")
        }
        // The recurrent state is not made of weights: a few weights can still describe a huge one
        // (head_dim 30000 is 3.6 GB a layer), allocated per session and again per checkpoint.
        let stateBytes = Double(gatedDeltaNetLayerCount) * Double(valueHeads) * Double(headDim) * Double(headDim) * expandV * 4
        guard stateBytes <= 1e9 else {
            throw ModelError("the memory state would need \(stateBytes / 1e9) GB (layers x num_v_heads x head_dim x head_dim x expand_v): too large")
        }
    }

    static func gigabytes(_ bytes: Double) -> String {
        bytes >= 1e12 ? "\(Int(bytes / 1e12)) TB" : bytes >= 1e9 ? "\(Int((bytes / 1e9).rounded())) GB" : "\(Int(bytes / 1e6)) MB"
    }

    /// About how many weights the config describes, all in Double: it runs before the sizes are known
    /// to be sane, and Int products of absurd sizes would trap.
    public var parameterCount: Double {
        let h = Double(hiddenSize)
        let keyWidth = Double(keyHeads) * Double(headDim), valueWidth = Double(valueHeads) * Double(headValueDim)
        let attention = h * (2 * keyWidth + (useGate ? 2 : 1) * valueWidth + 2 * Double(valueHeads))
            + valueWidth * h
        let dense = 3 * h * Double(intermediateSize)
        let mlp = (0..<max(0, min(layerCount, 1 << 20))).reduce(0.0) {
            $0 + (experts(layer: $1)?.parameterCount(hidden: hiddenSize) ?? dense)
        }
        let embeddings = Double(vocabSize) * h * (tieWordEmbeddings ? 1 : 2)
        let mixers = Double(gatedDeltaNetLayerCount) * attention
            + attentionLayers.values.reduce(0) { $0 + $1.parameterCount(hidden: hiddenSize) }
        return mixers + mlp + embeddings
    }
}

/// Typed access to the JSON fields, with an error naming the field whose type is wrong.
public struct ConfigFields {
    let fields: [String: JSONValue]
    public init(_ fields: [String: JSONValue]) { self.fields = fields }

    public func isPresent(_ name: String) throws(ModelError) -> Bool { value(name) != nil }

    private func value(_ name: String) -> JSONValue? {
        guard let value = fields[name], value != .null else { return nil }
        return value
    }

    public func int(_ name: String) throws(ModelError) -> Int? {
        guard let value = value(name) else { return nil }
        guard let d = value.numberValue, d == d.rounded(), abs(d) < 1e15 else {
            throw ModelError("\(name) must be an integer, got \(value)")
        }
        return Int(d)
    }

    /// A field holding an object (or nil when missing or null).
    public func object(_ name: String) throws(ModelError) -> ConfigFields? {
        guard let value = value(name) else { return nil }
        guard case .object(let fields) = value else { throw ModelError("\(name) must be an object, got \(value)") }
        return ConfigFields(fields)
    }

    /// A field holding a list (or nil when missing or null).
    public func list(_ name: String) throws(ModelError) -> [JSONValue]? {
        guard let value = value(name) else { return nil }
        guard case .array(let items) = value else { throw ModelError("\(name) must be a list, got \(value)") }
        return items
    }

    public func double(_ name: String) throws(ModelError) -> Double? {
        guard let value = value(name) else { return nil }
        guard let d = value.numberValue else { throw ModelError("\(name) must be a number, got \(value)") }
        return d
    }

    public func bool(_ name: String) throws(ModelError) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let b) = value else { throw ModelError("\(name) must be true or false, got \(value)") }
        return b
    }

    public func string(_ name: String) throws(ModelError) -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let s) = value else { throw ModelError("\(name) must be a string, got \(value)") }
        return s
    }
}
