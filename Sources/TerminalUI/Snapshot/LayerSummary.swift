/// What the screen says of one layer: a Gated DeltaNet layer (memory, update, gates, teaching views)
/// or softmax attention over a sliding window of W keys or, with no window, every earlier key.
public enum LayerSummary: Hashable, Sendable {
    case gatedDeltaNet
    case attention(window: Int?)

    /// For the status line and the pane titles: "GDN", "attn W16", "attn full".
    public var label: String {
        switch self {
        case .gatedDeltaNet: "GDN"
        case .attention(let window): "attn " + (window.map { "W\($0)" } ?? "full")
        }
    }

    /// The kind as the exports name it (fla's words, as `LayerKind.rawValue`): "gated_deltanet", "attention".
    public var kindName: String {
        switch self {
        case .gatedDeltaNet: "gated_deltanet"
        case .attention: "attention"
        }
    }

    public var isAttention: Bool { if case .attention = self { true } else { false } }
}

extension [LayerSummary] {
    /// The kind of `layer`; a layer the list does not hold (a snapshot made without kinds) is GDN.
    public func summary(of layer: Int) -> LayerSummary { indices.contains(layer) ? self[layer] : .gatedDeltaNet }

    /// The attention layer nearest to `layer` (the earlier one of two as near: the one whose output
    /// `layer` reads), with its window; nil when there is none.
    public func nearestAttention(to layer: Int) -> (layer: Int, window: Int?)? {
        let attention = indices.compactMap { i -> (layer: Int, window: Int?)? in
            if case .attention(let window) = self[i] { (i, window) } else { nil }
        }
        return attention.min { (abs($0.layer - layer), $0.layer) < (abs($1.layer - layer), $1.layer) }
    }

    /// The GDN layer `[` or `]` reaches first from `layer`: the next one after it, else the last one
    /// before it, and whether it is after; nil when there is none.
    public func nearestGatedDeltaNet(from layer: Int) -> (layer: Int, isAfter: Bool)? {
        let gdn = indices.filter { self[$0] == .gatedDeltaNet }
        if let after = gdn.first(where: { $0 > layer }) { return (after, true) }
        return gdn.last(where: { $0 < layer }).map { ($0, false) }
    }
}
