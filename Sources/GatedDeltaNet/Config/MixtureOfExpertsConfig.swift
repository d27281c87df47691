/// A mixture-of-experts MLP (Qwen3-Next, Qwen3.5-MoE; golden/README.md): a router's softmax over
/// `experts`, the `topK` largest kept (renormalised when `normalizesTopK`), each expert a SwiGLU MLP of
/// width `expertWidth`, plus a shared expert of `sharedWidth` scaled by sigmoid(shared gate . x).
public struct MixtureOfExpertsConfig: Sendable, Hashable {
    public var experts: Int
    public var topK: Int
    public var normalizesTopK: Bool
    public var expertWidth: Int
    /// 0: no shared expert.
    public var sharedWidth: Int

    public init(experts: Int, topK: Int, normalizesTopK: Bool, expertWidth: Int, sharedWidth: Int) {
        self.experts = experts
        self.topK = topK
        self.normalizesTopK = normalizesTopK
        self.expertWidth = expertWidth
        self.sharedWidth = sharedWidth
    }

    func parameterCount(hidden: Int) -> Double {
        let h = Double(hidden)
        return Double(experts) * (h + 3 * h * Double(expertWidth)) + 3 * h * Double(sharedWidth) + (sharedWidth > 0 ? h : 0)
    }
}
