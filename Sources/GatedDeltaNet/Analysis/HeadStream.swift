import Foundation
import GatedDelta

/// What one value head's rule is fed over time: q_t, k_t (as the kernel uses them: unit length when
/// the kernel normalises), v_t, g_t = log alpha_t and beta_t for steps 0..<length. The model session,
/// a lesson and a trace all reduce to this, and every teaching analysis reads only this.
public struct HeadStream: Sendable, Equatable {
    public let keyDim: Int
    public let valueDim: Int
    /// Per step, K values each, before the query scale.
    public private(set) var queries: [[Float]]
    /// Per step, K values each, already normalised where the kernel normalises.
    public private(set) var keys: [[Float]]
    /// Per step, V values each.
    public private(set) var values: [[Float]]
    /// g_t: the state is multiplied by alpha_t = exp(g_t) before the write (rules that decay).
    public private(set) var logDecays: [Float]
    public private(set) var betas: [Float]
    /// Multiplies q in the read-out o_t = S_t^T (scale q_t).
    public let scale: Float
    /// The rule the source itself uses (the model's, the lesson's or the trace's).
    public let rule: UpdateRule
    /// S_0, K x V row-major.
    public let initialState: [Float]

    public init(keyDim: Int, valueDim: Int, queries: [[Float]], keys: [[Float]], values: [[Float]],
                logDecays: [Float], betas: [Float], scale: Float, rule: UpdateRule, initialState: [Float]? = nil) {
        precondition([keys.count, values.count, logDecays.count, betas.count].allSatisfy { $0 == queries.count },
                     "HeadStream: every input needs one entry per step")
        self.keyDim = keyDim
        self.valueDim = valueDim
        self.queries = queries
        self.keys = keys
        self.values = values
        self.logDecays = logDecays
        self.betas = betas
        self.scale = scale
        self.rule = rule
        self.initialState = initialState ?? [Float](repeating: 0, count: keyDim * valueDim)
    }

    /// Value head `hv` of batch row `b` of a kernel call's inputs, with q and k prepared as the kernel does.
    public init(inputs: GatedDeltaInputs, options: GatedDeltaOptions, head hv: Int, batch b: Int = 0) {
        let s = inputs.shape
        let (K, V, T) = (s.keyDim, s.valueDim, s.length)
        let h = hv / s.groupSize
        func keyRow(_ x: [Float], _ t: Int) -> [Float] {
            let start = ((b * T + t) * s.keyHeads + h) * K
            let row = Array(x[start..<start + K])
            return options.normalizesQueryKey ? l2Normalized(row) : row
        }
        let gateIndex = { (t: Int) in (b * T + t) * s.valueHeads + hv }
        self.init(
            keyDim: K, valueDim: V,
            queries: (0..<T).map { keyRow(inputs.q, $0) },
            keys: (0..<T).map { keyRow(inputs.k, $0) },
            values: (0..<T).map { t in
                let start = ((b * T + t) * s.valueHeads + hv) * V
                return Array(inputs.v[start..<start + V])
            },
            logDecays: (0..<T).map { inputs.g[gateIndex($0)] },
            betas: (0..<T).map { inputs.beta[gateIndex($0)] },
            scale: options.scale(keyDim: K), rule: options.rule,
            initialState: inputs.initialState.map { h0 in
                let start = (b * s.valueHeads + hv) * K * V
                return Array(h0[start..<start + K * V])
            })
    }

    public var length: Int { queries.count }

    /// The first `count` steps.
    public func prefix(_ count: Int) -> HeadStream {
        var copy = self
        let n = min(max(count, 0), length)
        copy.queries.removeSubrange(n...)
        copy.keys.removeSubrange(n...)
        copy.values.removeSubrange(n...)
        copy.logDecays.removeSubrange(n...)
        copy.betas.removeSubrange(n...)
        return copy
    }

    /// The same stream with a teacher's "what if": alpha forced to 1 (g = 0) and/or beta forced.
    public func overridden(_ override: RuleOverride) -> HeadStream {
        var copy = self
        if override.forcesAlphaOne { copy.logDecays = logDecays.map { _ in 0 } }
        if let beta = override.forcedBeta { copy.betas = betas.map { _ in beta } }
        return copy
    }

    /// The stream as a one-head kernel call (q and k already prepared, so no normalisation in the kernel).
    public func kernelInputs() -> GatedDeltaInputs {
        let shape = GatedDeltaShape(length: length, keyHeads: 1, keyDim: keyDim, valueDim: valueDim)
        // The sizes come from this stream's own arrays, so they always match.
        return try! GatedDeltaInputs(shape: shape, q: queries.flatMap { $0 }, k: keys.flatMap { $0 },
                                     v: values.flatMap { $0 }, g: logDecays, beta: betas, initialState: initialState)
    }

    public func kernelOptions(rule: UpdateRule) -> GatedDeltaOptions {
        GatedDeltaOptions(rule: rule, scale: scale, normalizesQueryKey: false)
    }
}
