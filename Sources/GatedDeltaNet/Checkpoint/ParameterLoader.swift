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
