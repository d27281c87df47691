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
        func projectAndConvolve(_ proj: Linear, _ conv: ShortConvolution?, _ convCache: inout [Float]) -> [Float] {
            let y = proj(x, rows: T)
            if let conv { return conv(y, rows: T, cache: &convCache) }
            return y.map(silu)
        }
        let q = projectAndConvolve(qProj, qConv, &cache.convQ)
        let k = projectAndConvolve(kProj, kConv, &cache.convK)
        let v = projectAndConvolve(vProj, vConv, &cache.convV)
        let betaScale: Float = c.allowNegativeEigenvalues ? 2 : 1
        let beta = bProj(x, rows: T).map { sigmoid($0) * betaScale }
        var g = aProj(x, rows: T)
        for t in 0..<T {
            for h in 0..<c.valueHeads {
                let i = t * c.valueHeads + h
                g[i] = negativeDecayRate[h] * softplus(g[i] + dtBias[h])
            }
        }

        let shape = GatedDeltaShape(length: T, keyHeads: c.keyHeads, valueHeads: c.valueHeads,
                                    keyDim: c.headDim, valueDim: c.headValueDim)
        // Sizes come from the validated config, so the inputs always fit.
        let inputs = try! GatedDeltaInputs(shape: shape, q: q, k: k, v: v, g: g, beta: beta, initialState: cache.state)
        let options = GatedDeltaOptions(rule: c.rule, normalizesQueryKey: true)
        let result: GatedDeltaResult
        switch form {
        case .recurrent: result = RecurrentGatedDelta.forward(inputs, options: options)
        case .chunked(let size): result = try! ChunkedGatedDelta.forward(inputs, options: options, chunkSize: size)
        }
        cache.state = result.finalState
        observe?(KernelCall(inputs: inputs, options: options, result: result))

        var o = result.output
        outputNorm.normalizeRows(&o)
        if let gProj {
            let gate = gProj(x, rows: T)
            for i in o.indices { o[i] *= c.outputGateActivation(gate[i]) }
        }
        return oProj(o, rows: T)
    }
}

/// Which form of the rule a forward pass uses: chunked for prefill, recurrent for stepping.
public enum KernelForm: Sendable, Hashable {
    case recurrent
    case chunked(size: Int)

    public static let chunked = KernelForm.chunked(size: 64)
}

import Foundation
