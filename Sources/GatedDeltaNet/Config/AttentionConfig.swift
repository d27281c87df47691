/// The softmax attention layers of a hybrid (fla's config field `attn`, golden/README.md "Hybrid
/// models"): which layers, their heads, an optional sliding window and the rotary base.
public struct AttentionConfig: Sendable, Hashable {
    public var heads: Int
    public var keyValueHeads: Int
    public var headDim: Int
    public var qkvBias = false
    /// W: each query sees the W most recent keys, its own included; nil: full causal.
    public var window: Int?
    public var ropeTheta = 10000.0

    public init(heads: Int, keyValueHeads: Int, headDim: Int, qkvBias: Bool = false, window: Int? = nil,
                ropeTheta: Double = 10000) {
        self.heads = heads
        self.keyValueHeads = keyValueHeads
        self.headDim = headDim
        self.qkvBias = qkvBias
        self.window = window
        self.ropeTheta = ropeTheta
    }

    public var queryWidth: Int { heads * headDim }
    public var keyWidth: Int { keyValueHeads * headDim }

    /// About how many weights one such layer has, in Double (see `ModelConfig.parameterCount`).
    func parameterCount(hidden: Int) -> Double {
        let (h, q, k) = (Double(hidden), Double(heads) * Double(headDim), Double(keyValueHeads) * Double(headDim))
        return h * (q + 2 * k) + q * h + (qkvBias ? q + 2 * k : 0)
    }
}
