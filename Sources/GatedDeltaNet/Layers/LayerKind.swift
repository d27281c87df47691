/// What a layer's token mixer is. Code outside a kind asks a layer for its kind rather than assuming
/// that every layer has gates and a memory.
public enum LayerKind: String, Sendable, Hashable, CaseIterable {
    /// A Gated DeltaNet layer: gates alpha and beta, a K x V memory per value head.
    case gatedDeltaNet = "gated_deltanet"
    /// Softmax attention, full causal or inside a sliding window: a key/value cache, no memory matrix.
    case attention

    /// For the status line and layer selector.
    public var displayName: String {
        switch self {
        case .gatedDeltaNet: "GDN"
        case .attention: "attention"
        }
    }

    /// Whether the layer keeps a delta-rule memory (the memory, update, gates and teaching views).
    public var hasMemory: Bool {
        switch self {
        case .gatedDeltaNet: true
        case .attention: false
        }
    }
}
