import GatedDeltaNet

extension ExpertRouting {
    /// One line for the screen: `experts 3 0.61, 7 0.39 · shared 0.52` (weights to two decimals).
    public var summary: String {
        let routed = zip(experts, weights).map { "\($0) \(ValueFormat.fixed(Double($1), digits: 2))" }.joined(separator: ", ")
        return "experts \(routed)" + (sharedGate > 0 ? " · shared \(ValueFormat.fixed(Double(sharedGate), digits: 2))" : "")
    }
}
