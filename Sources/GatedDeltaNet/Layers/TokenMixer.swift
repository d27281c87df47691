/// A decoder block's token mixer: the part that moves information between positions. One of several
/// kinds behind one interface; each kind has its own cache (`LayerCache`) and its own record of a
/// call (`MixerCall`).
public enum TokenMixer: Sendable {
    case gatedDeltaNet(GatedDeltaNetLayer)
    case attention(AttentionLayer)

    public var kind: LayerKind {
        switch self {
        case .gatedDeltaNet: .gatedDeltaNet
        case .attention: .attention
        }
    }

    func emptyCache() -> LayerCache {
        switch self {
        case .gatedDeltaNet(let layer): LayerCache(gatedDeltaNet: layer.emptyCache())
        case .attention(let layer): LayerCache(attention: layer.emptyCache())
        }
    }

    /// Floats of scratch per row the mixer needs.
    var scratchPerRow: Int {
        switch self {
        case .gatedDeltaNet(let layer): layer.scratchPerRow
        case .attention(let layer): layer.scratchPerRow
        }
    }

    /// Floats per row it leaves for the caller to keep (a GDN layer's log decay and beta).
    var retainedPerRow: Int {
        switch self {
        case .gatedDeltaNet(let layer): 2 * layer.config.valueHeads
        case .attention: 0
        }
    }

    /// x [T, hidden] -> out [T, hidden], advancing `cache`; `retained` receives `retainedPerRow` a row.
    func forward(_ x: UnsafePointer<Float>, rows T: Int, cache: inout LayerCache, form: KernelForm,
                 scratch: UnsafeMutablePointer<Float>, retained: UnsafeMutablePointer<Float>,
                 into out: UnsafeMutablePointer<Float>, observe: ((MixerCall) -> Void)?) {
        switch self {
        case .gatedDeltaNet(let layer):
            let heads = layer.config.valueHeads
            layer.forward(x, rows: T, cache: &cache.gatedDeltaNet!, form: form, scratch: scratch,
                          logDecay: retained, beta: retained + T * heads, into: out,
                          observe: observe.map { f in { f(.gatedDeltaNet($0)) } })
        case .attention(let layer):
            layer.forward(x, rows: T, cache: &cache.attention!, scratch: scratch, into: out,
                          observe: observe.map { f in { f(.attention($0)) } })
        }
    }
}

/// What a mixer's call computed, for the screen, traces and analysis.
public enum MixerCall: Sendable {
    case gatedDeltaNet(GatedDeltaNetLayer.KernelCall)
    case attention(AttentionLayer.Call)

    /// The kernel call of a Gated DeltaNet layer; nil for other kinds.
    public var gatedDeltaNet: GatedDeltaNetLayer.KernelCall? {
        switch self {
        case .gatedDeltaNet(let call): call
        case .attention: nil
        }
    }
}
