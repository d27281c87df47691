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
    /// The stored shape, when the transform alone does not say it (fla keeps a depthwise convolution's
    /// weight as [D, 1, W]; fused experts are [E, rows, columns]); nil means what the transform reads.
    public var storedShape: [Int]?
    public var transform: TensorTransform
    /// Where else the checkpoint may keep it (published and re-saved files differ): the first whose
    /// tensor exists is read.
    public var alternatives: [TensorSource] = []

    public init(_ name: String, storedShape: [Int]? = nil, transform: TensorTransform = .identity,
                alternatives: [TensorSource] = []) {
        self.name = name
        self.storedShape = storedShape
        self.transform = transform
        self.alternatives = alternatives
    }
}

/// What turns a stored tensor into the logical one.
public enum TensorTransform: Hashable, Sendable {
    case identity
    /// From a tensor of `blocks` x `period` rows, rows offset..<offset + length of every block, in order:
    /// one projection out of a fused one (one block), or out of one interleaved per head (one block a
    /// head, as Qwen3-Next's in_proj_qkvz and Qwen3.5's query-and-gate q_proj).
    case rowBlocks(offset: Int, length: Int, period: Int, blocks: Int)
    /// 1 + w: a zero-centred norm weight stored as its offset from one.
    case addingOne

    /// Rows `range` of a tensor of `total` rows.
    public static func rows(_ range: Range<Int>, of total: Int) -> TensorTransform {
        .rowBlocks(offset: range.lowerBound, length: range.count, period: total, blocks: 1)
    }

    /// The stored shape this transform reads for a logical `shape`.
    func storedShape(for shape: [Int]) -> [Int] {
        switch self {
        case .identity, .addingOne: shape
        case .rowBlocks(_, _, let period, let blocks): [period * blocks] + shape.dropFirst()
        }
    }

    func apply(_ values: [Float], logicalShape shape: [Int]) -> [Float] {
        switch self {
        case .identity: return values
        case .addingOne: return values.map { 1 + $0 }
        case .rowBlocks(let offset, let length, let period, let blocks):
            let width = shape.dropFirst().reduce(1, *)
            var result: [Float] = []
            result.reserveCapacity(blocks * length * width)
            for b in 0..<blocks {
                let start: Int = (b * period + offset) * width
                result += values[start..<start + length * width]
            }
            return result
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
