import Foundation

/// A mixture-of-experts MLP (Qwen3-Next, Qwen3.5-MoE; golden/README.md), per token x:
///
///     p = softmax(router x) over the experts;  keep the top k (divided by their sum when normalised)
///     y = sum_k p_k expert_k(x) + sigmoid(shared_gate . x) shared(x)
///
/// Each expert is a SwiGLU MLP. Tokens run one at a time through their k experts: a step has one
/// token, and a prefill's cost is the experts' GEMVs either way.
public struct MixtureOfExperts: Sendable {
    public let config: MixtureOfExpertsConfig
    let router: Linear
    let experts: [SwiGLUMLP]
    let shared: SwiGLUMLP?
    let sharedGate: Linear?

    init(_ weights: ParameterLoader, layer i: Int, config e: MixtureOfExpertsConfig, hidden: Int) throws(ModelError) {
        config = e
        router = try Linear(weights, .layer(i, .router), in: hidden, out: e.experts)
        var experts: [SwiGLUMLP] = []
        for n in 0..<e.experts {
            experts.append(try SwiGLUMLP(weights, { .layer(i, .expert(n, $0)) }, hidden: hidden, intermediate: e.expertWidth))
        }
        self.experts = experts
        if e.sharedWidth > 0 {
            shared = try SwiGLUMLP(weights, { .layer(i, .sharedExpert($0)) }, hidden: hidden, intermediate: e.sharedWidth)
            sharedGate = try Linear(weights, .layer(i, .sharedExpertGate), in: hidden, out: 1)
        } else {
            (shared, sharedGate) = (nil, nil)
        }
    }

    var hidden: Int { router.inFeatures }

    /// Scratch per row: the router's logits, one expert's buffers and its output.
    var scratchPerRow: Int {
        config.experts + 2 * max(config.expertWidth, config.sharedWidth) + hidden + 1
    }

    /// The experts token `row` goes to and their weights, heaviest first.
    func route(_ logits: UnsafePointer<Float>) -> [(expert: Int, weight: Float)] {
        let top = (0..<config.experts).map { logits[$0] }.max() ?? 0
        let exps = (0..<config.experts).map { Foundation.exp(logits[$0] - top) }
        let sum = exps.reduce(0, +)
        var chosen = exps.enumerated().map { (expert: $0.offset, weight: $0.element / sum) }
            .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.expert < $1.expert }
        chosen = Array(chosen.prefix(config.topK))
        if config.normalizesTopK {
            let kept = chosen.reduce(0) { $0 + $1.weight }
            chosen = chosen.map { (expert: $0.expert, weight: $0.weight / kept) }
        }
        return chosen
    }

    /// Floats per row it leaves for the caller: the top k experts' ids and weights and the shared gate.
    var retainedPerRow: Int { 2 * config.topK + 1 }

    /// `retained` receives each row's routing (`retainedPerRow` floats: ids, weights, shared gate).
    func apply(_ x: UnsafePointer<Float>, rows: Int, scratch: UnsafeMutablePointer<Float>, retained: UnsafeMutablePointer<Float>,
               into y: UnsafeMutablePointer<Float>) {
        let h = hidden
        let logits = scratch, buffers = logits + config.experts
        let expertOut = buffers + 2 * max(config.expertWidth, config.sharedWidth), gate = expertOut + h
        for t in 0..<rows {
            let xt = x + t * h, yt = y + t * h
            router.apply(xt, rows: 1, into: logits)
            yt.update(repeating: 0, count: h)
            let routing = retained + t * retainedPerRow
            routing.update(repeating: 0, count: retainedPerRow)
            for (k, (expert, weight)) in route(logits).enumerated() {
                (routing[k], routing[config.topK + k]) = (Float(expert), weight)
                experts[expert].apply(xt, rows: 1, scratch: buffers, into: expertOut)
                for i in 0..<h { yt[i] += weight * expertOut[i] }
            }
            if let shared, let sharedGate {
                shared.apply(xt, rows: 1, scratch: buffers, into: expertOut)
                sharedGate.apply(xt, rows: 1, into: gate)
                let g = 1 / (1 + Foundation.exp(-gate[0]))
                routing[2 * config.topK] = g
                for i in 0..<h { yt[i] += g * expertOut[i] }
            }
        }
    }
}
