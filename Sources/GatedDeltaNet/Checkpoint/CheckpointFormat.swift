import SafeTensors
import Foundation

/// One on-disk convention for a model: how its config.json maps onto `ModelConfig`, and which stored
/// tensor gives each logical parameter. Layers never name tensors; a new convention (Hugging Face's
/// Qwen3.5, say) is a new format, not a change to the layers.
public protocol CheckpointFormat: Sendable {
    /// For messages: "fla", ...
    var name: String { get }
    /// Whether this format reads the config.json (from its `model_type` and fields).
    func recognizes(config: [String: JSONValue]) -> Bool
    func configuration(fields: ConfigFields) throws(ModelError) -> ModelConfig
    /// Where `parameter` is stored, for a model of `config`; nil when the format has no such tensor.
    func source(of parameter: ModelParameter, config: ModelConfig) -> TensorSource?
}

/// A stored tensor and what to do to it to get the logical parameter.
public struct TensorSource: Hashable, Sendable {
    public var name: String
    /// The stored shape, when it differs from the logical one only by its unit dimensions (fla keeps a
    /// depthwise convolution's weight as [D, 1, W]); nil means the logical shape.
    public var storedShape: [Int]?
    public var transform: TensorTransform

    public init(_ name: String, storedShape: [Int]? = nil, transform: TensorTransform = .identity) {
        self.name = name
        self.storedShape = storedShape
        self.transform = transform
    }
}

/// What turns a stored tensor into the logical one.
public enum TensorTransform: Hashable, Sendable {
    case identity
    /// Rows `range` of a [rows, columns] tensor (one projection out of a fused one).
    case rows(Range<Int>, of: Int)
    /// 1 + w: a zero-centred norm weight stored as its offset from one.
    case addingOne

    /// The stored shape this transform reads for a logical `shape`.
    func storedShape(for shape: [Int]) -> [Int] {
        switch self {
        case .identity, .addingOne: shape
        case .rows(_, let total): [total] + shape.dropFirst()
        }
    }

    func apply(_ values: [Float], logicalShape shape: [Int]) -> [Float] {
        switch self {
        case .identity: return values
        case .addingOne: return values.map { 1 + $0 }
        case .rows(let range, _):
            let width = shape.dropFirst().reduce(1, *)
            return Array(values[range.lowerBound * width..<range.upperBound * width])
        }
    }
}

extension CheckpointFormat {
    /// Reads and parses `config.json`.
    public func configuration(contentsOf url: URL) throws(ModelError) -> ModelConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelError("\(url.path): cannot read config: \(error.localizedDescription)")
        }
        do { return try configuration(json: data) } catch { throw ModelError("\(url.path): \(error.message)") }
    }

    public func configuration(json data: Data) throws(ModelError) -> ModelConfig {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data), case .object(let fields) = value else {
            throw ModelError("config is not a JSON object")
        }
        return try configuration(fields: ConfigFields(fields))
    }
}
