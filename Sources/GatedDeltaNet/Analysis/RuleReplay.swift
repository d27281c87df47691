import GatedDelta

/// One rule's replay of a head's stream up to step t: the state S_t and the read-outs o_0..o_t.
public struct RuleReplay: Sendable, Equatable {
    public let rule: UpdateRule
    public let override: RuleOverride
    /// S_t, K x V row-major.
    public let state: [Float]
    /// o_s = S_s^T (scale q_s) for s = 0...t, V values each.
    public let outputs: [[Float]]

    /// Replays steps 0...t (all of the stream when t is nil) under `rule` with `override` applied.
    public init(_ stream: HeadStream, rule: UpdateRule, override: RuleOverride = .none, through t: Int? = nil) {
        let fed = stream.overridden(override)
        var outputs: [[Float]] = []
        state = MemoryWalk.run(fed, rule: rule, steps: t.map { $0 + 1 }) { s, _, after in
            outputs.append(MemoryWalk.readOut(state: after, query: fed.queries[s], scale: fed.scale,
                                              valueDim: fed.valueDim))
        }
        self.rule = rule
        self.override = override
        self.outputs = outputs
    }

    public var output: [Float] { outputs.last ?? [] }
}

/// The four rules side by side on one stream, each measured against the source's own rule
/// (unforced): how far its memory and read-out drifted.
public struct RuleComparison: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let replay: RuleReplay
        /// ||S_rule - S_own|| / ||S_own|| at step t.
        public let stateDrift: Float
        /// ||o_rule - o_own|| / ||o_own|| at step t.
        public let outputDrift: Float
    }

    /// One entry per `UpdateRule.allCases`, in that order.
    public let entries: [Entry]
    /// The source's own rule, unforced.
    public let reference: RuleReplay

    public init(_ stream: HeadStream, through t: Int, overrides: [UpdateRule: RuleOverride] = [:]) {
        let reference = RuleReplay(stream, rule: stream.rule, through: t)
        self.reference = reference
        entries = UpdateRule.allCases.map { rule in
            let override = overrides[rule] ?? .none
            let replay = rule == stream.rule && !override.isActive
                ? reference : RuleReplay(stream, rule: rule, override: override, through: t)
            return Entry(replay: replay,
                         stateDrift: VectorMath.relativeDistance(replay.state, from: reference.state),
                         outputDrift: VectorMath.relativeDistance(replay.output, from: reference.output))
        }
    }

    /// max |S| over the four rules: the one scale their heatmaps share.
    public var sharedScale: Float {
        entries.flatMap(\.replay.state).reduce(0) { max($0, abs($1)) }
    }
}
