import GatedDelta

/// alpha and beta of every head of every layer for every token so far: small (2 floats a head a
/// token), so it is kept whole for the sparklines over time. Read back as the model's rule applies
/// them: alpha is 1 under the rules without a gate, beta 1 under the plain (non-delta) writes.
public struct GateHistory: Sendable, Equatable {
    public let layerCount: Int
    public let headCount: Int
    public let rule: UpdateRule
    /// Per layer, [T, HV] row-major.
    public private(set) var logDecay: [[Float]]
    public private(set) var beta: [[Float]]

    public init(layerCount: Int, headCount: Int, rule: UpdateRule) {
        self.layerCount = layerCount
        self.headCount = headCount
        self.rule = rule
        logDecay = Array(repeating: [], count: layerCount)
        beta = Array(repeating: [], count: layerCount)
    }

    public var count: Int { (logDecay.first?.count ?? 0) / max(headCount, 1) }

    mutating func append(layer: Int, logDecay g: some Collection<Float>, beta b: some Collection<Float>) {
        logDecay[layer] += g
        beta[layer] += b
    }

    mutating func truncate(to tokens: Int) {
        for l in 0..<layerCount {
            logDecay[l].removeSubrange((tokens * headCount)...)
            beta[l].removeSubrange((tokens * headCount)...)
        }
    }

    /// The decay the rule applies, alpha = exp(g), of one head over time.
    public func alpha(layer: Int, head: Int) -> [Float] {
        stride(from: head, to: logDecay[layer].count, by: headCount).map { rule.alpha(logDecay: logDecay[layer][$0]) }
    }

    /// The write strength the rule applies of one head over time.
    public func beta(layer: Int, head: Int) -> [Float] {
        stride(from: head, to: beta[layer].count, by: headCount).map { rule.writeStrength(beta: beta[layer][$0]) }
    }
}
