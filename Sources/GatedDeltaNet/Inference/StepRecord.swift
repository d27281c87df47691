import GatedDelta

/// Everything the screen shows about one token: per layer, the record of its kind (for a Gated
/// DeltaNet layer, what the rule was fed and the memory before and after), made by the same forward
/// path that computed the token. Made on request by `InferenceSession.record(at:)`, never kept for
/// every token.
public struct StepRecord: Sendable {
    /// 0-based index of the token in the session.
    public let position: Int
    public let token: Int
    public let layers: [LayerRecord]
    /// Per layer, where the token went in its mixture of experts; nil for a dense MLP.
    public let experts: [ExpertRouting?]
    /// The next-token logits after this token.
    public let logits: [Float]

    /// Layer `index`'s step when it is a Gated DeltaNet layer.
    public func gatedDeltaNet(layer index: Int) -> LayerStep? {
        layers.indices.contains(index) ? layers[index].gatedDeltaNet : nil
    }

    /// Layer `index`'s step when it is an attention layer.
    public func attention(layer index: Int) -> AttentionStep? {
        layers.indices.contains(index) ? layers[index].attention : nil
    }
}

/// One layer's part of a step, by the layer's kind.
public enum LayerRecord: Sendable {
    case gatedDeltaNet(LayerStep)
    case attention(AttentionStep)

    public var kind: LayerKind {
        switch self {
        case .gatedDeltaNet: .gatedDeltaNet
        case .attention: .attention
        }
    }

    public var gatedDeltaNet: LayerStep? {
        switch self {
        case .gatedDeltaNet(let step): step
        case .attention: nil
        }
    }

    public var attention: AttentionStep? {
        switch self {
        case .gatedDeltaNet: nil
        case .attention(let step): step
        }
    }

    init(_ call: MixerCall, row t: Int) {
        switch call {
        case .gatedDeltaNet(let call): self = .gatedDeltaNet(LayerStep(call, row: t))
        case .attention(let call): self = .attention(call.step)
        }
    }
}

/// A Gated DeltaNet layer's step for every head.
public struct LayerStep: Sendable {
    public let keyHeads: Int
    public let valueHeads: Int
    public let keyDim: Int
    public let valueDim: Int
    public let rule: UpdateRule
    /// Unit-norm query and key [H, K], as the kernel uses them.
    public let query: [Float]
    public let key: [Float]
    public let value: [Float]         // [HV, V]
    public let logDecay: [Float]      // g [HV]
    public let beta: [Float]          // [HV]
    public let stateBefore: [Float]   // [HV, K, V]
    public let stateAfter: [Float]
    public let output: [Float]        // o [HV, V], before the output norm and gate

    public func keyHead(forValueHead hv: Int) -> Int { hv / (valueHeads / keyHeads) }

    public func key(head hv: Int) -> [Float] { slice(key, keyHead(forValueHead: hv), keyDim) }
    public func query(head hv: Int) -> [Float] { slice(query, keyHead(forValueHead: hv), keyDim) }
    public func value(head hv: Int) -> [Float] { slice(value, hv, valueDim) }
    public func state(head hv: Int, after: Bool = true) -> [Float] {
        slice(after ? stateAfter : stateBefore, hv, keyDim * valueDim)
    }

    /// The step of head hv split into gate erase, prediction, delta erase and new write.
    public func parts(head hv: Int) -> StepParts {
        StepParts(previousState: state(head: hv, after: false), key: key(head: hv), value: value(head: hv),
                  logDecay: logDecay[hv], beta: beta[hv], rule: rule)
    }

    private func slice(_ x: [Float], _ index: Int, _ width: Int) -> [Float] {
        Array(x[index * width..<(index + 1) * width])
    }

    init(_ call: GatedDeltaNetLayer.KernelCall, row t: Int) {
        let shape = call.inputs.shape
        keyHeads = shape.keyHeads
        valueHeads = shape.valueHeads
        keyDim = shape.keyDim
        valueDim = shape.valueDim
        rule = call.options.rule
        precondition(shape.length == t + 1, "LayerStep: the recorded call must end at the step")
        func rows(_ x: [Float], _ width: Int) -> [Float] { Array(x[t * width..<(t + 1) * width]) }
        let keyWidth = shape.keyHeads * shape.keyDim
        let normalize: ([Float]) -> [Float] = { x in
            stride(from: 0, to: x.count, by: shape.keyDim).flatMap { l2Normalized(Array(x[$0..<$0 + shape.keyDim])) }
        }
        let rawQuery = rows(call.inputs.q, keyWidth), rawKey = rows(call.inputs.k, keyWidth)
        query = call.options.normalizesQueryKey ? normalize(rawQuery) : rawQuery
        key = call.options.normalizesQueryKey ? normalize(rawKey) : rawKey
        value = rows(call.inputs.v, shape.valueHeads * shape.valueDim)
        logDecay = rows(call.inputs.g, shape.valueHeads)
        beta = rows(call.inputs.beta, shape.valueHeads)
        stateBefore = call.inputs.initialState ?? [Float](repeating: 0, count: shape.stateCount)
        stateAfter = call.result.finalState
        output = rows(call.result.output, shape.valueHeads * shape.valueDim)
    }
}

import Foundation
