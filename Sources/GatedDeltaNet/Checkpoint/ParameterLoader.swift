import Foundation

/// A checkpoint's tensors read through its format: what the layers load their parameters from.
public struct ParameterLoader: Sendable {
    public let store: WeightStore
    public let format: any CheckpointFormat
    public let config: ModelConfig

    public init(store: WeightStore, format: any CheckpointFormat, config: ModelConfig) {
        self.store = store
        self.format = format
        self.config = config
    }

    /// Whether the checkpoint stores `parameter` (an untied head, an optional gate, ...).
    public func contains(_ parameter: ModelParameter) -> Bool {
        format.source(of: parameter, config: config).flatMap(stored) != nil
    }

    /// The source or alternative whose tensor the checkpoint has.
    private func stored(_ source: TensorSource) -> TensorSource? {
        ([source] + source.alternatives).first { store.contains($0.name) }
    }

    /// A weight matrix in its stored precision: bf16 stays bf16 (in place in the mapped file when the
    /// transform selects one run of rows), anything else is widened to fp32.
    public func matrix(_ parameter: ModelParameter, shape: [Int]) throws(ModelError) -> WeightMatrix {
        guard let named = format.source(of: parameter, config: config) else {
            throw ModelError("\(store.directory.path): the \(format.name) format stores no \(parameter)")
        }
        let source = stored(named) ?? named
        let storedShape = source.storedShape ?? source.transform.storedShape(for: shape)
        switch source.transform {
        case .identity:
            if let bits = try store.bfloat16Data(source.name, shape: storedShape) { return .bfloat16(bits) }
        case .rowBlocks(let offset, let length, let period, let blocks):
            guard let bits = try store.bfloat16Data(source.name, shape: storedShape) else { break }
            let rowBytes = 2 * shape.dropFirst().reduce(1, *)
            func rows(_ block: Int) -> Data {
                let start = bits.startIndex + (block * period + offset) * rowBytes
                return bits[start..<start + length * rowBytes]
            }
            // One run of rows stays in the mapped file; rows interleaved per head are gathered.
            return .bfloat16(blocks == 1 ? rows(0) : (0..<blocks).reduce(into: Data()) { $0.append(rows($1)) })
        case .addingOne:
            break
        }
        return .float32(try tensor(parameter, shape: shape))
    }

    /// `parameter` as fp32 with the logical `shape`, from the stored tensor the format names.
    public func tensor(_ parameter: ModelParameter, shape: [Int]) throws(ModelError) -> [Float] {
        guard let named = format.source(of: parameter, config: config) else {
            throw ModelError("\(store.directory.path): the \(format.name) format stores no \(parameter)")
        }
        // With none present, the first name is the one the error reports missing.
        let source = stored(named) ?? named
        let stored = source.storedShape ?? source.transform.storedShape(for: shape)
        return source.transform.apply(try store.tensor(source.name, shape: stored), logicalShape: shape)
    }
}
