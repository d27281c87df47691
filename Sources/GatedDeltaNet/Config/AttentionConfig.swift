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
    /// How many leading values of a head the rotary turns (Qwen's partial rotary); nil: all.
    public var rotaryDimensions: Int?
    /// Qwen's gated attention: q_proj also yields a gate per head, the output is o * sigmoid(gate).
    public var hasOutputGate = false
    /// Qwen's q_norm and k_norm: an RMSNorm over each query and key head before the rotary.
    public var normalizesQueryKey = false
    /// The norms' epsilon.
    public var normEps: Float = 1e-6

    public init(heads: Int, keyValueHeads: Int, headDim: Int, qkvBias: Bool = false, window: Int? = nil,
                ropeTheta: Double = 10000, rotaryDimensions: Int? = nil, hasOutputGate: Bool = false,
                normalizesQueryKey: Bool = false, normEps: Float = 1e-6) {
        self.heads = heads
        self.keyValueHeads = keyValueHeads
        self.headDim = headDim
        self.qkvBias = qkvBias
        self.window = window
        self.ropeTheta = ropeTheta
        self.rotaryDimensions = rotaryDimensions
        self.hasOutputGate = hasOutputGate
        self.normalizesQueryKey = normalizesQueryKey
        self.normEps = normEps
    }

    public var queryWidth: Int { heads * headDim }
    public var keyWidth: Int { keyValueHeads * headDim }

    /// About how many weights one such layer has, in Double (see `ModelConfig.parameterCount`).
    func parameterCount(hidden: Int) -> Double {
        let (h, q, k) = (Double(hidden), Double(heads) * Double(headDim), Double(keyValueHeads) * Double(headDim))
        return h * ((hasOutputGate ? 2 : 1) * q + 2 * k) + q * h + (qkvBias ? q + 2 * k : 0)
    }
}
