import GatedDelta

/// How well memory still returns token j's value from its key: r = S_t^T k_j compared with v_j.
public struct Recall: Hashable, Sendable {
    /// cos(S_t^T k_j, v_j): 1 when the association is intact, 0 when it is gone (or replaced by an
    /// unrelated value), negative when memory returns the opposite.
    public var cosine: Float
    /// |S_t^T k_j| / |v_j|: how much of its size is left.
    public var ratio: Float

    public init(cosine: Float, ratio: Float) {
        self.cosine = cosine
        self.ratio = ratio
    }

    public init(state: [Float], key: [Float], value: [Float]) {
        let r = MemoryWalk.recall(state: state, key: key, valueDim: value.count)
        let v = VectorMath.norm(value)
        self.init(cosine: VectorMath.cosine(r, value), ratio: v > 0 ? VectorMath.norm(r) / v : 0)
    }
}

public enum RecallProbe {
    /// The recall at step t of every token j = 0...t, under the stream's own rule.
    public static func strip(_ stream: HeadStream, through t: Int) -> [Recall] {
        guard t >= 0, t < stream.length else { return [] }
        let state = MemoryWalk.run(stream, rule: stream.rule, steps: t + 1)
        return strip(stream, state: state, through: t)
    }

    /// The same from an already known S_t.
    public static func strip(_ stream: HeadStream, state: [Float], through t: Int) -> [Recall] {
        (0...t).map { Recall(state: state, key: stream.keys[$0], value: stream.values[$0]) }
    }
}

/// The life of one association (k_j, v_j) from its write at step j to step t: its recall after every
/// step, and the steps that hurt it.
public struct AssociationHistory: Sendable, Equatable {
    /// A gate that keeps less than this of the state counts as weakening the association.
    public static let gateThreshold: Float = 0.95
    /// A later write whose key has |cos(k_j, k_s)| at least this counts as hitting the association.
    public static let similarKeyThreshold: Float = 0.5

    public struct Step: Hashable, Sendable {
        public var step: Int
        /// Recall of j after this step.
        public var recall: Recall
        public var alpha: Float
        public var beta: Float
        /// cos(k_j, k_s).
        public var keyCosine: Float
    }

    public let token: Int
    public let rule: UpdateRule
    /// Steps j...t.
    public let steps: [Step]
    /// Where step 0 of the stream is in the whole sequence (a window of a long session), for the
    /// step numbers shown.
    public let firstStep: Int

    public init(_ stream: HeadStream, token j: Int, through t: Int, firstStep: Int = 0) {
        token = j
        rule = stream.rule
        self.firstStep = firstStep
        var steps: [Step] = []
        if j >= 0, j <= t, t < stream.length {
            MemoryWalk.run(stream, rule: stream.rule, steps: t + 1) { s, parts, after in
                guard s >= j else { return }
                steps.append(Step(step: s,
                                  recall: Recall(state: after, key: stream.keys[j], value: stream.values[j]),
                                  alpha: parts.alpha, beta: parts.beta,
                                  keyCosine: VectorMath.cosine(stream.keys[j], stream.keys[s])))
            }
        }
        self.steps = steps
    }

    /// Steps after j whose gate wiped at least 5% of memory, this association included.
    public var weakenedByGate: [Int] {
        steps.dropFirst().filter { $0.alpha < Self.gateThreshold }.map(\.step)
    }

    /// Steps after j that wrote with a key similar to k_j: under the delta rules they overwrite its
    /// value (the delta erase removes what k_s returns, which includes v_j); under the plain rules
    /// they add on top of it (interference).
    public var similarKeyWrites: [Int] {
        steps.dropFirst().filter { abs($0.keyCosine) >= Self.similarKeyThreshold && $0.beta > 0 }.map(\.step)
    }

    /// One line for the screen.
    public var summary: String {
        guard let last = steps.last else { return "no association" }
        func list(_ steps: [Int]) -> String {
            steps.isEmpty ? "never" : steps.prefix(6).map { "t\($0 + 1 + firstStep)" }.joined(separator: " ")
                + (steps.count > 6 ? " +\(steps.count - 6)" : "")
        }
        let verb = rule.correctsWithDelta ? "overwritten" : "interfered"
        return "j=\(token + 1 + firstStep): cos \(format(last.recall.cosine)) size \(format(last.recall.ratio))"
            + "  weakened by gate: \(list(weakenedByGate))  \(verb) by similar key: \(list(similarKeyWrites))"
    }

    private func format(_ x: Float) -> String {
        let v = (x * 100).rounded() / 100
        return "\(v)"
    }
}
