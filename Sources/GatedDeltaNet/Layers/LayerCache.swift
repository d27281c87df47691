/// What one layer carries from token to token: the cache of its mixer's kind. A struct of optionals
/// rather than an enum so a step can advance the cache in place (an enum payload is copied out,
/// and a copied memory state would be copied again on its first write).
public struct LayerCache: Sendable, Equatable {
    /// Set for a Gated DeltaNet layer.
    public var gatedDeltaNet: GatedDeltaNetCache?
    /// Set for an attention layer.
    public var attention: AttentionCache?

    public init(gatedDeltaNet: GatedDeltaNetCache) { self.gatedDeltaNet = gatedDeltaNet }

    public init(attention: AttentionCache) { self.attention = attention }

    public var byteCount: Int { (gatedDeltaNet?.byteCount ?? 0) + (attention?.byteCount ?? 0) }
}
