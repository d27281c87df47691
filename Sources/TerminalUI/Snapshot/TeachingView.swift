import GatedDelta
import GatedDeltaNet

/// Which picture the main area shows: the memory and its update (the default), the four rules
/// replayed side by side, or the erasure accounting beside the memory.
public enum TeachingView: String, CaseIterable, Hashable, Sendable {
    case memory
    case rules
    case erasure

    public var next: TeachingView {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// The teaching views' settings, kept by the explorer because they decide what it computes.
public struct TeachingSettings: Hashable, Sendable {
    public var view = TeachingView.memory
    /// The recall strip under the token strip.
    public var showsRecall = false
    /// The rule the override keys act on in the comparison view.
    public var selectedRule = UpdateRule.gatedDelta
    public var overrides: [UpdateRule: RuleOverride] = [:]
    /// Token j (0-based) whose association the recall details follow; nil follows the cursor.
    public var probe: Int?

    public init() {}
}

/// The comparison view's numbers: each rule's S_t and o_t on one shared scale, and its drift.
public struct RuleComparisonFrame: Hashable, Sendable {
    public struct Panel: Hashable, Sendable {
        public var rule: UpdateRule
        public var state: Matrix
        /// o_t, V values.
        public var output: [Float]
        /// ||S_rule - S_own|| / ||S_own|| and the same for o_t.
        public var stateDrift: Float
        public var outputDrift: Float
        /// "α=1 β=0" when forced, else "".
        public var overrideLabel: String
        public var isOwnRule: Bool
        public var isSelected: Bool
    }

    public var panels: [Panel]
    /// max |S| over the four states.
    public var scale: Float
    /// max |o| over the four read-outs.
    public var outputScale: Float

    public init(_ comparison: RuleComparison, keyDim: Int, valueDim: Int, own: UpdateRule, selected: UpdateRule) {
        panels = comparison.entries.map { entry in
            Panel(rule: entry.replay.rule, state: Matrix(rows: keyDim, columns: valueDim, values: entry.replay.state),
                  output: entry.replay.output, stateDrift: entry.stateDrift, outputDrift: entry.outputDrift,
                  overrideLabel: entry.replay.override.label, isOwnRule: entry.replay.rule == own,
                  isSelected: entry.replay.rule == selected)
        }
        scale = comparison.sharedScale
        outputScale = panels.flatMap(\.output).reduce(0) { max($0, abs($1)) }
    }
}

/// The accounting view's numbers: the selected head's norms over time, every head's at the cursor.
public struct ErasureFrame: Hashable, Sendable {
    /// Steps firstStep..<firstStep + history.count of the selected head.
    public var history: [ErasureAccounting.Norms]
    /// Every head of the layer at the cursor.
    public var heads: [ErasureAccounting.Norms]
    /// The steps (of the whole sequence) that erased the most for the selected head, marked in the
    /// token strip.
    public var mostErasing: [Int]
    /// The step of history[0]: 0, or the start of the window a long session is analysed in.
    public var firstStep: Int

    public init(history: [ErasureAccounting.Norms], heads: [ErasureAccounting.Norms], mostErasing: [Int],
                firstStep: Int = 0) {
        self.history = history
        self.heads = heads
        self.mostErasing = mostErasing
        self.firstStep = firstStep
    }
}

/// The recall strip: how well memory at the cursor returns each earlier token's value, and the
/// history of one association.
public struct RecallFrame: Hashable, Sendable {
    /// Tokens firstStep...t.
    public var recall: [Recall]
    /// The token the details follow (in the whole sequence).
    public var probe: Int
    /// One line: its recall now, and the steps that weakened or overwrote it.
    public var details: String
    /// The token of recall[0]: 0, or the start of the window a long session is analysed in.
    public var firstStep: Int

    public init(recall: [Recall], probe: Int, details: String, firstStep: Int = 0) {
        self.recall = recall
        self.probe = probe
        self.details = details
        self.firstStep = firstStep
    }
}
