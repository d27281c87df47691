import Foundation
import GatedDelta

/// fla's `GatedDeltaNet` layer (golden/README.md), for T tokens of one sequence:
///
///     q = silu(conv_q(q_proj x)),  k = silu(conv_k(k_proj x)),  v = silu(conv_v(v_proj x))
///     beta = sigmoid(b_proj x)  (x 2 when negative eigenvalues are allowed)
///     g    = -exp(A_log) * softplus(a_proj x + dt_bias)
///     o    = gated delta rule(l2norm(q), l2norm(k), v, g, beta), scale head_dim^-1/2
///     o    = rmsnorm(o) * act(g_proj x)   per value head (no gate when use_gate is false)
///     out  = o_proj(o)
///
/// One implementation for every T: a token step is this with T = 1 on the recurrent form, which then
/// advances the cache's memory in place and allocates nothing.
public struct GatedDeltaNetLayer: Sendable {
    public let config: ModelConfig
    let qProj, kProj, vProj, aProj, bProj, oProj: Linear
    let gProj: Linear?
    let qConv, kConv, vConv: ShortConvolution?
    /// -exp(A_log): the per-head rate that softplus(a_proj x + dt_bias) multiplies.
    let negativeDecayRate: [Float]
    let dtBias: [Float]
    let outputNorm: RMSNorm

    init(_ weights: ParameterLoader, layer i: Int, config c: ModelConfig) throws(ModelError) {
        config = c
        let (h, kw, vw, hv) = (c.hiddenSize, c.keyWidth, c.valueWidth, c.valueHeads)
        func p(_ parameter: GatedDeltaNetParameter) -> ModelParameter { .layer(i, .gatedDeltaNet(parameter)) }
        qProj = try Linear(weights, p(.queryProjection), in: h, out: kw)
        kProj = try Linear(weights, p(.keyProjection), in: h, out: kw)
        vProj = try Linear(weights, p(.valueProjection), in: h, out: vw)
        aProj = try Linear(weights, p(.decayProjection), in: h, out: hv)
        bProj = try Linear(weights, p(.writeProjection), in: h, out: hv)
        oProj = try Linear(weights, p(.outputProjection), in: vw, out: h)
        gProj = c.useGate ? try Linear(weights, p(.gateProjection), in: h, out: vw) : nil
        if c.useShortConv {
            qConv = try ShortConvolution(weights, p(.queryConvolution), channels: kw, width: c.convSize)
            kConv = try ShortConvolution(weights, p(.keyConvolution), channels: kw, width: c.convSize)
            vConv = try ShortConvolution(weights, p(.valueConvolution), channels: vw, width: c.convSize)
        } else {
            (qConv, kConv, vConv) = (nil, nil, nil)
        }
        negativeDecayRate = try weights.tensor(p(.decayRateLog), shape: [hv]).map { -Foundation.exp($0) }
        dtBias = try weights.tensor(p(.decayBias), shape: [hv])
        outputNorm = try RMSNorm(weights, p(.outputNorm), width: c.headValueDim, eps: c.normEps)
    }

    /// The kernel's view of one call: what the rule was fed and what it returned.
    public struct KernelCall: Sendable {
        public let inputs: GatedDeltaInputs     // q, k before normalisation (the kernel normalises)
        public let options: GatedDeltaOptions
        public let result: GatedDeltaResult
    }

    var kernelOptions: GatedDeltaOptions { GatedDeltaOptions(rule: config.rule, normalizesQueryKey: true) }

    func emptyCache() -> GatedDeltaNetCache { GatedDeltaNetCache(config: config) }

    /// Floats of scratch per row, carved by `Scratch`; the log decay and beta of the rows are the
    /// caller's (`gates`), so they outlive the call.
    var scratchPerRow: Int { let c = config; return max(c.keyWidth, c.valueWidth) + 2 * c.keyWidth + 3 * c.valueWidth }

    private struct Scratch {
        let raw, q, k, v, o, gate: UnsafeMutablePointer<Float>
        init(_ base: UnsafeMutablePointer<Float>, rows T: Int, config c: ModelConfig) {
            raw = base
            q = raw + T * max(c.keyWidth, c.valueWidth)
            k = q + T * c.keyWidth
            v = k + T * c.keyWidth
            o = v + T * c.valueWidth
            gate = o + T * c.valueWidth
        }
    }

    /// x [T, hidden] -> out [T, hidden] on caller-owned memory, advancing `cache`. `logDecay` and
    /// `beta` [T, HV] receive the rows' gates; `observe`, when given, receives the kernel call (copied
    /// out, so observing costs allocations that the plain path never makes).
    func forward(_ x: UnsafePointer<Float>, rows T: Int, cache: inout GatedDeltaNetCache, form: KernelForm,
                 scratch base: UnsafeMutablePointer<Float>, logDecay g: UnsafeMutablePointer<Float>,
                 beta: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>,
                 observe: ((KernelCall) -> Void)?) {
        let c = config
        let s = Scratch(base, rows: T, config: c)
        project(qProj, qConv, x, rows: T, cache: &cache.convQ, raw: s.raw, into: s.q)
        project(kProj, kConv, x, rows: T, cache: &cache.convK, raw: s.raw, into: s.k)
        project(vProj, vConv, x, rows: T, cache: &cache.convV, raw: s.raw, into: s.v)
        bProj.apply(x, rows: T, into: beta)
        aProj.apply(x, rows: T, into: g)
        activateGates(beta: beta, logDecay: g, rows: T)

        let shape = GatedDeltaShape(length: T, keyHeads: c.keyHeads, valueHeads: c.valueHeads,
                                    keyDim: c.headDim, valueDim: c.headValueDim)
        func array(_ p: UnsafeMutablePointer<Float>, _ count: Int) -> [Float] { Array(UnsafeBufferPointer(start: p, count: count)) }
        let stateBefore = observe == nil ? nil : cache.state
        switch form {
        case .recurrent:
            cache.state.withUnsafeMutableBufferPointer { state in
                RecurrentGatedDelta.advance(
                    state: state, q: .init(start: s.q, count: shape.queryCount), k: .init(start: s.k, count: shape.queryCount),
                    v: .init(start: s.v, count: shape.valueCount), g: .init(start: g, count: shape.gateCount),
                    beta: .init(start: beta, count: shape.gateCount), output: .init(start: s.o, count: shape.valueCount),
                    shape: shape, options: kernelOptions)
            }
        case .chunked(let size):
            // Sizes come from the validated config, so the inputs always fit.
            let inputs = try! GatedDeltaInputs(shape: shape, q: array(s.q, shape.queryCount), k: array(s.k, shape.queryCount),
                                               v: array(s.v, shape.valueCount), g: array(g, shape.gateCount),
                                               beta: array(beta, shape.gateCount), initialState: cache.state)
            let result = try! ChunkedGatedDelta.forward(inputs, options: kernelOptions, chunkSize: size)
            cache.state = result.finalState
            result.output.withUnsafeBufferPointer { s.o.update(from: $0.baseAddress!, count: shape.valueCount) }
        }
        if let observe {
            let inputs = try! GatedDeltaInputs(shape: shape, q: array(s.q, shape.queryCount), k: array(s.k, shape.queryCount),
                                               v: array(s.v, shape.valueCount), g: array(g, shape.gateCount),
                                               beta: array(beta, shape.gateCount), initialState: stateBefore)
            observe(KernelCall(inputs: inputs, options: kernelOptions,
                               result: GatedDeltaResult(output: array(s.o, shape.valueCount), finalState: cache.state)))
        }
        finish(s.o, x: x, rows: T, gateScratch: gProj == nil ? nil : s.gate, into: out)
    }

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
