import GatedDelta

/// fla's `GatedDeltaNet` layer (golden/README.md), for T tokens of one sequence:
///
///     q = silu(conv_q(q_proj x)),  k = silu(conv_k(k_proj x)),  v = silu(conv_v(v_proj x))
///     beta = sigmoid(b_proj x)  (x 2 when negative eigenvalues are allowed)
///     g    = -exp(A_log) * softplus(a_proj x + dt_bias)
///     o    = gated delta rule(l2norm(q), l2norm(k), v, g, beta), scale head_dim^-1/2
///     o    = rmsnorm(o) * act(g_proj x)   per value head (no gate when use_gate is false)
///     out  = o_proj(o)
public struct GatedDeltaNetAttention: Sendable {
    public let config: ModelConfig
    let qProj, kProj, vProj, aProj, bProj, oProj: Linear
    let gProj: Linear?
    let qConv, kConv, vConv: ShortConvolution?
    /// -exp(A_log): the per-head rate that softplus(a_proj x + dt_bias) multiplies.
    let negativeDecayRate: [Float]
    let dtBias: [Float]
    let outputNorm: RMSNorm

    init(_ store: WeightStore, prefix p: String, config c: ModelConfig) throws(ModelError) {
        config = c
        let (h, kw, vw, hv) = (c.hiddenSize, c.keyWidth, c.valueWidth, c.valueHeads)
        qProj = try Linear(store, "\(p).q_proj.weight", in: h, out: kw)
        kProj = try Linear(store, "\(p).k_proj.weight", in: h, out: kw)
        vProj = try Linear(store, "\(p).v_proj.weight", in: h, out: vw)
        aProj = try Linear(store, "\(p).a_proj.weight", in: h, out: hv)
        bProj = try Linear(store, "\(p).b_proj.weight", in: h, out: hv)
        oProj = try Linear(store, "\(p).o_proj.weight", in: vw, out: h)
        gProj = c.useGate ? try Linear(store, "\(p).g_proj.weight", in: h, out: vw) : nil
        if c.useShortConv {
            qConv = try ShortConvolution(store, "\(p).q_conv1d.weight", channels: kw, width: c.convSize)
            kConv = try ShortConvolution(store, "\(p).k_conv1d.weight", channels: kw, width: c.convSize)
            vConv = try ShortConvolution(store, "\(p).v_conv1d.weight", channels: vw, width: c.convSize)
        } else {
            (qConv, kConv, vConv) = (nil, nil, nil)
        }
        negativeDecayRate = try store.tensor("\(p).A_log", shape: [hv]).map { -Foundation.exp($0) }
        dtBias = try store.tensor("\(p).dt_bias", shape: [hv])
        outputNorm = try RMSNorm(store, "\(p).o_norm.weight", width: c.headValueDim, eps: c.normEps)
    }

    /// The kernel's view of this layer's last call: what the rule was fed and what it returned.
    public struct KernelCall: Sendable {
        public let inputs: GatedDeltaInputs     // q, k before normalisation (the kernel normalises)
        public let options: GatedDeltaOptions
        public let result: GatedDeltaResult
    }

    /// x [T, hidden] -> [T, hidden], advancing `cache`.
    public func callAsFunction(_ x: [Float], rows T: Int, cache: inout LayerCache, form: KernelForm,
                               observe: ((KernelCall) -> Void)? = nil) -> [Float] {
        let c = config
        var (q, k, v) = ([Float](repeating: 0, count: T * c.keyWidth), [Float](repeating: 0, count: T * c.keyWidth),
                         [Float](repeating: 0, count: T * c.valueWidth))
        var beta = bProj(x, rows: T), g = aProj(x, rows: T)
        x.withUnsafeBufferPointer { x in
            var raw = [Float](repeating: 0, count: T * max(c.keyWidth, c.valueWidth))
            raw.withUnsafeMutableBufferPointer { raw in
                q.withUnsafeMutableBufferPointer { project(qProj, qConv, x.baseAddress!, rows: T, cache: &cache.convQ,
                                                            raw: raw.baseAddress!, into: $0.baseAddress!) }
                k.withUnsafeMutableBufferPointer { project(kProj, kConv, x.baseAddress!, rows: T, cache: &cache.convK,
                                                            raw: raw.baseAddress!, into: $0.baseAddress!) }
                v.withUnsafeMutableBufferPointer { project(vProj, vConv, x.baseAddress!, rows: T, cache: &cache.convV,
                                                            raw: raw.baseAddress!, into: $0.baseAddress!) }
            }
        }
        beta.withUnsafeMutableBufferPointer { beta in g.withUnsafeMutableBufferPointer { g in
            activateGates(beta: beta.baseAddress!, logDecay: g.baseAddress!, rows: T)
        }}

        let shape = GatedDeltaShape(length: T, keyHeads: c.keyHeads, valueHeads: c.valueHeads,
                                    keyDim: c.headDim, valueDim: c.headValueDim)
        // Sizes come from the validated config, so the inputs always fit.
        let inputs = try! GatedDeltaInputs(shape: shape, q: q, k: k, v: v, g: g, beta: beta, initialState: cache.state)
        let result: GatedDeltaResult
        switch form {
        case .recurrent: result = RecurrentGatedDelta.forward(inputs, options: kernelOptions)
        case .chunked(let size): result = try! ChunkedGatedDelta.forward(inputs, options: kernelOptions, chunkSize: size)
        }
        cache.state = result.finalState
        observe?(KernelCall(inputs: inputs, options: kernelOptions, result: result))

        var o = result.output
        var gate = [Float](repeating: 0, count: gProj == nil ? 0 : o.count)
        var out = [Float](repeating: 0, count: T * c.hiddenSize)
        x.withUnsafeBufferPointer { x in o.withUnsafeMutableBufferPointer { o in
        gate.withUnsafeMutableBufferPointer { gate in out.withUnsafeMutableBufferPointer { out in
            finish(o.baseAddress!, x: x.baseAddress!, rows: T, gateScratch: gate.baseAddress, into: out.baseAddress!)
        }}}}
        return out
    }

    /// One token on caller-owned memory, allocating nothing: x [hidden] -> out [hidden], advancing `cache`
    /// in place. The same arithmetic as `callAsFunction` with the recurrent form and T = 1. Leaves the
    /// token's q, k, v, beta and g in `scratch`.
    public func step(_ x: UnsafePointer<Float>, cache: inout LayerCache, scratch: StepScratch,
                     into out: UnsafeMutablePointer<Float>) {
        let c = config
        project(qProj, qConv, x, rows: 1, cache: &cache.convQ, raw: scratch.raw, into: scratch.q)
        project(kProj, kConv, x, rows: 1, cache: &cache.convK, raw: scratch.raw, into: scratch.k)
        project(vProj, vConv, x, rows: 1, cache: &cache.convV, raw: scratch.raw, into: scratch.v)
        bProj.apply(x, rows: 1, into: scratch.beta)
        aProj.apply(x, rows: 1, into: scratch.logDecay)
        activateGates(beta: scratch.beta, logDecay: scratch.logDecay, rows: 1)
        cache.state.withUnsafeMutableBufferPointer { state in
            RecurrentGatedDelta.step(
                state: state, q: .init(start: scratch.q, count: c.keyWidth), k: .init(start: scratch.k, count: c.keyWidth),
                v: .init(start: scratch.v, count: c.valueWidth), g: .init(start: scratch.logDecay, count: c.valueHeads),
                beta: .init(start: scratch.beta, count: c.valueHeads), output: .init(start: scratch.o, count: c.valueWidth),
                keyHeads: c.keyHeads, valueHeads: c.valueHeads, keyDim: c.headDim, valueDim: c.headValueDim,
                options: kernelOptions)
        }
        finish(scratch.o, x: x, rows: 1, gateScratch: scratch.gate, into: out)
    }

    /// Caller-owned memory for `step`, sized by `StepScratch.count(config:)`.
    public struct StepScratch {
        let raw, q, k, v, beta, logDecay, o, gate: UnsafeMutablePointer<Float>

        public static func count(config c: ModelConfig) -> Int {
            max(c.keyWidth, c.valueWidth) + 2 * c.keyWidth + 3 * c.valueWidth + 2 * c.valueHeads
        }

        public init(_ base: UnsafeMutablePointer<Float>, config c: ModelConfig) {
            raw = base
            q = raw + max(c.keyWidth, c.valueWidth)
            k = q + c.keyWidth
            v = k + c.keyWidth
            o = v + c.valueWidth
            gate = o + c.valueWidth
            beta = gate + c.valueWidth
            logDecay = beta + c.valueHeads
        }
    }

    var kernelOptions: GatedDeltaOptions { GatedDeltaOptions(rule: config.rule, normalizesQueryKey: true) }

    /// silu(conv(proj x)), or silu(proj x) without the short convolution; `raw` holds the projection.
    private func project(_ proj: Linear, _ conv: ShortConvolution?, _ x: UnsafePointer<Float>, rows T: Int,
                         cache: inout [Float], raw: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        guard let conv else {
            proj.apply(x, rows: T, into: y)
            for i in 0..<T * proj.outFeatures { y[i] = silu(y[i]) }
            return
        }
        proj.apply(x, rows: T, into: raw)
        cache.withUnsafeMutableBufferPointer { conv.apply(raw, rows: T, cache: $0.baseAddress!, into: y) }
    }

    /// In place from the projections: beta = sigmoid(b) (x 2 with negative eigenvalues),
    /// g = -exp(A_log) softplus(a + dt_bias).
    private func activateGates(beta: UnsafeMutablePointer<Float>, logDecay g: UnsafeMutablePointer<Float>, rows T: Int) {
        let c = config
        let betaScale: Float = c.allowNegativeEigenvalues ? 2 : 1
        for t in 0..<T {
            for h in 0..<c.valueHeads {
                let i = t * c.valueHeads + h
                beta[i] = sigmoid(beta[i]) * betaScale
                g[i] = negativeDecayRate[h] * softplus(g[i] + dtBias[h])
            }
        }
    }

    /// out = o_proj(rmsnorm(o) * act(g_proj x)), normalising `o` in place per value head.
    private func finish(_ o: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, rows T: Int,
                        gateScratch gate: UnsafeMutablePointer<Float>?, into out: UnsafeMutablePointer<Float>) {
        let c = config
        outputNorm.normalize(o, rows: T * c.valueHeads)
        if let gProj, let gate {
            gProj.apply(x, rows: T, into: gate)
            for i in 0..<T * c.valueWidth { o[i] *= c.outputGateActivation(gate[i]) }
        }
        oProj.apply(o, rows: T, into: out)
    }
}

/// Which form of the rule a forward pass uses: chunked for prefill, recurrent for stepping.
public enum KernelForm: Sendable, Hashable {
    case recurrent
    case chunked(size: Int)

    public static let chunked = KernelForm.chunked(size: 64)
}

import Foundation
