import GatedDelta

/// Where memory went, step by step, for one head: Frobenius norms of the gate erase (1 - alpha) S_prev,
/// the delta erase beta k p^T, the new write beta k v^T, and of the state after the step.
public struct ErasureAccounting: Sendable, Equatable {
    public struct Norms: Hashable, Sendable {
        public var gateErase: Float
        public var deltaErase: Float
        public var newWrite: Float
        public var state: Float

        public init(gateErase: Float, deltaErase: Float, newWrite: Float, state: Float) {
            self.gateErase = gateErase
            self.deltaErase = deltaErase
            self.newWrite = newWrite
            self.state = state
        }

        /// The norms of one step's parts and of the state after it.
        public init(_ parts: StepParts, stateAfter: [Float]) {
            self.init(gateErase: VectorMath.norm(parts.gateErase), deltaErase: VectorMath.norm(parts.deltaErase),
                      newWrite: VectorMath.norm(parts.newWrite), state: VectorMath.norm(stateAfter))
        }

        /// Memory removed at the step: ||gate erase|| + ||delta erase|| (the two remove different
        /// things, so their sizes add rather than their matrices).
        public var erased: Float { gateErase + deltaErase }
    }

    /// One entry per step 0...t.
    public let steps: [Norms]

    public init(_ stream: HeadStream, rule: UpdateRule? = nil, through t: Int? = nil) {
        var steps: [Norms] = []
        MemoryWalk.run(stream, rule: rule ?? stream.rule, steps: t.map { $0 + 1 }) { _, parts, after in
            steps.append(Norms(parts, stateAfter: after))
        }
        self.steps = steps
    }

    /// The `count` steps that erased the most, most first; steps that erased nothing are left out.
    public func mostErasing(_ count: Int) -> [Int] {
        steps.indices.filter { steps[$0].erased > 0 }
            .sorted { steps[$0].erased > steps[$1].erased || (steps[$0].erased == steps[$1].erased && $0 < $1) }
            .prefix(count).map { $0 }
    }
}
