/// Where a token went in a mixture-of-experts MLP: the experts it was routed to, heaviest first, with
/// their weights (renormalised over the top k when the model says so), and the shared expert's gate
/// sigmoid(shared_gate . x) (0 without a shared expert).
public struct ExpertRouting: Sendable, Hashable {
    public let experts: [Int]
    public let weights: [Float]
    public let sharedGate: Float

    public init(experts: [Int], weights: [Float], sharedGate: Float) {
        self.experts = experts
        self.weights = weights
        self.sharedGate = sharedGate
    }
}
