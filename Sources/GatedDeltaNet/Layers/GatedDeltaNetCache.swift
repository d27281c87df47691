/// What a Gated DeltaNet layer carries from token to token: the short convolutions' last inputs and
/// the memory.
public struct GatedDeltaNetCache: Sendable, Equatable {
    public var convQ: [Float]   // [key width, conv size]
    public var convK: [Float]
    public var convV: [Float]   // [value width, conv size]
    /// The memory S of every value head, [HV, K, V].
    public var state: [Float]

    public init(config c: ModelConfig) {
        let w = c.useShortConv ? c.convSize : 0
        convQ = [Float](repeating: 0, count: c.keyWidth * w)
        convK = [Float](repeating: 0, count: c.keyWidth * w)
        convV = [Float](repeating: 0, count: c.valueWidth * w)
        state = [Float](repeating: 0, count: c.valueHeads * c.headDim * c.headValueDim)
    }

    public var byteCount: Int { 4 * (convQ.count + convK.count + convV.count + state.count) }
}
