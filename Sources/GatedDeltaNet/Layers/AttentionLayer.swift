import Foundation
import GatedDelta

/// fla's softmax `Attention` layer of a hybrid (golden/README.md, "Hybrid models"), for T tokens at
/// absolute positions p = seen, seen + 1, ...:
///
///     q = q_proj x (+ bias) as H heads of d;  k, v = k_proj x, v_proj x (+ bias) as KV heads of d
///     q, k = rotary(q, p), rotary(k, p)             NeoX halves over the whole head
///     o_h  = sum_j softmax_j(q_h . k_j / sqrt(d)) v_j    j visible from p (causal, inside the window)
///     out  = o_proj(o_0 | ... | o_{H-1})
///
/// Qwen's gated attention adds an RMSNorm per q and k head before the rotary (which may turn only the
/// first dimensions of a head), and multiplies o by sigmoid(gate), the gate a second projection of x.
///
/// Keys are cached already rotated, so a ring buffer of W slots reproduces fla's sliding-window cache.
/// One implementation for every T, as the Gated DeltaNet layer.
public struct AttentionLayer: Sendable {
    public let attention: AttentionConfig
    let qProj, kProj, vProj, oProj: Linear
    let qBias, kBias, vBias: [Float]?
    /// Qwen's gated attention: the output gate's projection and the per-head q and k norms.
    let gateProj: Linear?
    let qNorm, kNorm: RMSNorm?
    let rotary: Rotary

    init(_ weights: ParameterLoader, layer i: Int, attention a: AttentionConfig, hidden: Int) throws(ModelError) {
        attention = a
        func p(_ parameter: AttentionParameter) -> ModelParameter { .layer(i, .attention(parameter)) }
        qProj = try Linear(weights, p(.queryProjection), in: hidden, out: a.queryWidth)
        kProj = try Linear(weights, p(.keyProjection), in: hidden, out: a.keyWidth)
        vProj = try Linear(weights, p(.valueProjection), in: hidden, out: a.keyWidth)
        oProj = try Linear(weights, p(.outputProjection), in: a.queryWidth, out: hidden)
        if a.qkvBias {
            qBias = try weights.tensor(p(.queryBias), shape: [a.queryWidth])
            kBias = try weights.tensor(p(.keyBias), shape: [a.keyWidth])
            vBias = try weights.tensor(p(.valueBias), shape: [a.keyWidth])
        } else {
            (qBias, kBias, vBias) = (nil, nil, nil)
        }
        gateProj = a.hasOutputGate ? try Linear(weights, p(.outputGateProjection), in: hidden, out: a.queryWidth) : nil
        if a.normalizesQueryKey {
            qNorm = try RMSNorm(weights, p(.queryNorm), width: a.headDim, eps: a.normEps)
            kNorm = try RMSNorm(weights, p(.keyNorm), width: a.headDim, eps: a.normEps)
        } else {
            (qNorm, kNorm) = (nil, nil)
        }
        rotary = Rotary(headDim: a.headDim, dimensions: a.rotaryDimensions, theta: a.ropeTheta)
    }

    var shape: SoftmaxAttention.Shape {
        .init(queryHeads: attention.heads, keyValueHeads: attention.keyValueHeads, headDim: attention.headDim,
              window: attention.window)
    }

    func emptyCache() -> AttentionCache { AttentionCache(window: attention.window, width: attention.keyWidth) }

    /// Floats of scratch per row: q, k, v, o and the output gate.
    var scratchPerRow: Int { 3 * attention.queryWidth + 2 * attention.keyWidth }

    /// What a call computed for its last row: the weights of every head over the keys it saw.
    public struct Call: Sendable {
        public let step: AttentionStep
    }

    /// x [T, hidden] -> out [T, hidden] on caller-owned memory, advancing `cache`.
    func forward(_ x: UnsafePointer<Float>, rows T: Int, cache: inout AttentionCache,
                 scratch: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>, observe: ((Call) -> Void)?) {
        let a = attention
        let q = scratch, k = q + T * a.queryWidth, v = k + T * a.keyWidth, o = v + T * a.keyWidth
        for (proj, bias, y) in [(qProj, qBias, q), (kProj, kBias, k), (vProj, vBias, v)] {
            proj.apply(x, rows: T, into: y)
            if let bias { for t in 0..<T { for i in bias.indices { y[t * bias.count + i] += bias[i] } } }
        }
        qNorm?.normalize(q, rows: T * a.heads)
        kNorm?.normalize(k, rows: T * a.keyValueHeads)
        let first = cache.seen
        rotary.apply(q, rows: T, heads: a.heads, firstPosition: first)
        rotary.apply(k, rows: T, heads: a.keyValueHeads, firstPosition: first)
        let cachedPositions = cache.positions
        let cachedCount = cache.slots
        let total = cachedCount + T
        var weights = observe == nil ? [] : [Float](repeating: 0, count: a.heads * total)
        cache.keys.withUnsafeBufferPointer { cachedKeys in cache.values.withUnsafeBufferPointer { cachedValues in
            var blocks: [SoftmaxAttention.KeyBlock] = []
            if cachedCount > 0 {
                blocks.append(.init(keys: cachedKeys.baseAddress!, values: cachedValues.baseAddress!, count: cachedCount,
                                    positions: cachedPositions))
            }
            blocks.append(.init(keys: k, values: v, count: T, positions: .consecutive(first: first)))
            // (An empty array's buffer may still have a base address: nil is said explicitly.)
            weights.withUnsafeMutableBufferPointer { w in
                SoftmaxAttention.attend(queries: q, rows: T, firstPosition: first, blocks: blocks, shape: shape,
                                        scale: 1 / Float(a.headDim).squareRoot(), output: o,
                                        lastRowWeights: observe == nil ? nil : w.baseAddress)
            }
        }}
        if let observe {
            let keyPositions = (0..<cachedCount).map { cachedPositions[$0] } + (first..<first + T)
            let last = o + (T - 1) * a.queryWidth
            let norms = (0..<a.heads).map { h in
                (0..<a.headDim).reduce(Float(0)) { $0 + last[h * a.headDim + $1] * last[h * a.headDim + $1] }.squareRoot()
            }
            observe(Call(step: AttentionStep(position: first + T - 1, heads: a.heads, window: a.window,
                                             keyPositions: keyPositions, weights: weights, outputNorms: norms)))
        }
        cache.append(keys: k, values: v, rows: T)
        if let gateProj {
            let gate = o + T * a.queryWidth
            gateProj.apply(x, rows: T, into: gate)
            for i in 0..<T * a.queryWidth { o[i] *= 1 / (1 + Foundation.exp(-gate[i])) }
        }
        oProj.apply(o, rows: T, into: out)
    }
}

/// An attention layer's step for every head, as the screen shows it: the weights over the keys the
/// query at `position` saw (softmax over the visible ones; 0 for those outside the window).
public struct AttentionStep: Sendable, Equatable {
    public let position: Int
    public let heads: Int
    public let window: Int?
    /// The position of each key, in the order of `weights`' columns.
    public let keyPositions: [Int]
    /// [heads, keys]
    public let weights: [Float]
    /// |o_h| of each head's read-out.
    public let outputNorms: [Float]

    /// Head h's weight on each key position it saw, most attended first.
    public func ranked(head h: Int) -> [(position: Int, weight: Float)] {
        let n = keyPositions.count
        return (0..<n).map { (position: keyPositions[$0], weight: weights[h * n + $0]) }
            .filter { $0.weight > 0 }
            .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.position > $1.position }
    }

    /// Head h's weight on key position j (0 when it did not see it).
    public func weight(head h: Int, position j: Int) -> Float {
        guard let column = keyPositions.firstIndex(of: j) else { return 0 }
        return weights[h * keyPositions.count + column]
    }

    /// The oldest position the query still sees: everything before it has left the window.
    public var windowStart: Int { window.map { max(0, position - $0 + 1) } ?? 0 }
}
