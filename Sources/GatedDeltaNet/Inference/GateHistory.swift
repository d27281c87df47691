import GatedDelta

/// alpha and beta of every head of every Gated DeltaNet layer for every token so far: small (2 floats
/// a head a token), so it is kept whole for the sparklines over time. Layers of other kinds have no
/// gates (no entries). Read back as the model's rule applies them: alpha is 1 under the rules without
/// a gate, beta 1 under the plain (non-delta) writes.
public struct GateHistory: Sendable, Equatable {
    /// Value heads per layer; 0 for a layer with no gates.
    public let headCounts: [Int]
    public let rule: UpdateRule
    /// Per layer, [T, HV] row-major.
    public private(set) var logDecay: [[Float]]
    public private(set) var beta: [[Float]]
    public private(set) var count = 0

    public init(headCounts: [Int], rule: UpdateRule) {
        self.headCounts = headCounts
        self.rule = rule
        logDecay = Array(repeating: [], count: headCounts.count)
        beta = Array(repeating: [], count: headCounts.count)
    }

    /// The gates of `model`'s Gated DeltaNet layers.
    public init(model: GatedDeltaNetModel) {
        self.init(headCounts: model.blocks.map { $0.kind == .gatedDeltaNet ? model.config.valueHeads : 0 },
                  rule: model.config.rule)
    }

    public var layerCount: Int { headCounts.count }

    /// Appends the gates of `rows` tokens as the workspace's last forward left them.
    mutating func append(_ workspace: ForwardWorkspace, rows: Int) {
        for l in 0..<layerCount {
            guard let g = workspace.logDecay(layer: l), let b = workspace.beta(layer: l) else { continue }
            logDecay[l] += g
            beta[l] += b
        }
        count += rows
    }

    mutating func truncate(to tokens: Int) {
        for l in 0..<layerCount where headCounts[l] > 0 {
            logDecay[l].removeSubrange((tokens * headCounts[l])...)
            beta[l].removeSubrange((tokens * headCounts[l])...)
        }
        count = min(count, tokens)
    }

    /// The decay the rule applies, alpha = exp(g), of one head over steps `range` (all by default);
    /// empty for a layer without gates.
    public func alpha(layer: Int, head: Int, steps range: Range<Int>? = nil) -> [Float] {
        series(logDecay, layer: layer, head: head, steps: range).map { rule.alpha(logDecay: $0) }
    }

    /// The write strength the rule applies of one head over steps `range` (all by default).
    public func beta(layer: Int, head: Int, steps range: Range<Int>? = nil) -> [Float] {
        series(beta, layer: layer, head: head, steps: range).map { rule.writeStrength(beta: $0) }
    }

    private func series(_ values: [[Float]], layer: Int, head: Int, steps range: Range<Int>?) -> [Float] {
        let heads = headCounts[layer]
        guard heads > 0, (0..<heads).contains(head) else { return [] }
        let steps = (range ?? 0..<count).clamped(to: 0..<count)
        return steps.map { values[layer][$0 * heads + head] }
    }
}
