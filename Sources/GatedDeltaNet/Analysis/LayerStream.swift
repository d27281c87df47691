import GatedDelta

/// One layer's rule inputs for every head over a whole sequence (batch 1): the unit the model session,
/// a trace file and a lesson all provide, from which each head's `HeadStream` is cut.
public struct LayerStream: Sendable {
    public let inputs: GatedDeltaInputs
    public let options: GatedDeltaOptions

    public init(inputs: GatedDeltaInputs, options: GatedDeltaOptions) {
        self.inputs = inputs
        self.options = options
    }

    public var headCount: Int { inputs.shape.valueHeads }
    public var length: Int { inputs.shape.length }

    /// Head `hv`'s stream, optionally only its first `count` steps.
    public func head(_ hv: Int, steps count: Int? = nil) -> HeadStream {
        let stream = HeadStream(inputs: inputs, options: options, head: hv)
        return count.map { stream.prefix($0) } ?? stream
    }

    /// The decay alpha_t = exp(g_t) of head hv for every step, as the rule applies it (1 without a gate).
    public func alphas(head hv: Int) -> [Float] {
        stride(from: hv, to: inputs.g.count, by: headCount).map { options.rule.alpha(logDecay: inputs.g[$0]) }
    }

    /// The write strength of head hv for every step, as the rule applies it (1 for plain writes).
    public func betas(head hv: Int) -> [Float] {
        stride(from: hv, to: inputs.beta.count, by: headCount).map { options.rule.writeStrength(beta: inputs.beta[$0]) }
    }

    /// The stream of every Gated DeltaNet layer, in order, for `tokens` fed to `model` from an empty
    /// cache (one chunked forward): what a trace holds.
    public static func record(model: GatedDeltaNetModel, tokens: [Int]) throws(ModelError) -> [LayerStream] {
        var cache = model.emptyCache()
        var streams = [LayerStream?](repeating: nil, count: model.blocks.count)
        _ = try model.forward(tokens, cache: &cache, form: .chunked, allLogits: false) { layer, call in
            streams[layer] = call.gatedDeltaNet.map { LayerStream(inputs: $0.inputs, options: $0.options) }
        }
        return streams.compactMap { $0 }
    }
}

import Foundation
