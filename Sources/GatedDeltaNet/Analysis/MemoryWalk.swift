import GatedDelta

/// Replays one head's stream step by step through `StepParts`, so every analysis sees the parts of
/// each update and the state after it:
///
///     S_t = S_{t-1} - (1 - alpha_t) S_{t-1} - beta_t k_t p_t^T + beta_t k_t v_t^T,   p_t = alpha_t S_{t-1}^T k_t
///
/// This is the rule written out by parts, independent of the fused kernel; tests check the two agree.
public enum MemoryWalk {
    /// Steps 0..<steps (all when nil) under `rule`; `body(t, parts, stateAfter)` sees each step.
    /// Returns the state after the last step.
    @discardableResult
    public static func run(_ stream: HeadStream, rule: UpdateRule, steps: Int? = nil,
                           _ body: (Int, StepParts, [Float]) -> Void = { _, _, _ in }) -> [Float] {
        var state = stream.initialState
        for t in 0..<min(steps ?? stream.length, stream.length) {
            let parts = StepParts(previousState: state, key: stream.keys[t], value: stream.values[t],
                                  logDecay: stream.logDecays[t], beta: stream.betas[t], rule: rule)
            for i in state.indices {
                state[i] += -parts.gateErase[i] + parts.deltaErase[i] + parts.newWrite[i]
            }
            body(t, parts, state)
        }
        return state
    }

    /// The read-out S^T (scale q) of a K x V state.
    public static func readOut(state: [Float], query: [Float], scale: Float, valueDim V: Int) -> [Float] {
        var o = [Float](repeating: 0, count: V)
        for i in query.indices {
            let qi = scale * query[i]
            for j in 0..<V { o[j] += state[i * V + j] * qi }
        }
        return o
    }

    /// S^T k: what memory returns for key k.
    public static func recall(state: [Float], key: [Float], valueDim V: Int) -> [Float] {
        readOut(state: state, query: key, scale: 1, valueDim: V)
    }
}

/// Small vector arithmetic the analyses share.
public enum VectorMath {
    public static func norm(_ x: [Float]) -> Float { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    public static func dot(_ x: [Float], _ y: [Float]) -> Float { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }

    /// cos(x, y), and 0 when either is zero: a recall of nothing matches nothing.
    public static func cosine(_ x: [Float], _ y: [Float]) -> Float {
        let n = norm(x) * norm(y)
        return n > 0 ? dot(x, y) / n : 0
    }

    /// ||x - y|| / ||y||, and ||x|| when y is zero.
    public static func relativeDistance(_ x: [Float], from y: [Float]) -> Float {
        let d = norm(zip(x, y).map { $0 - $1 })
        let n = norm(y)
        return n > 0 ? d / n : d
    }
}
