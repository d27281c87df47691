/// Memory for the model's one-token step, allocated once per session: with it, `GatedDeltaNetModel.step`
/// allocates nothing (the caches are updated in place). Copies share storage until one steps (copy on
/// write), so sessions stay values.
public struct TokenStepWorkspace: Sendable {
    let layerCount, valueHeads: Int
    var storage: [Float]
    /// Next-token logits after the last step [vocab].
    public internal(set) var logits: [Float]
    /// The last step's log decay and beta per layer, [layers, HV].
    public internal(set) var logDecay: [Float]
    public internal(set) var beta: [Float]

    public init(config c: ModelConfig) {
        layerCount = c.layerCount
        valueHeads = c.valueHeads
        storage = [Float](repeating: 0, count: TokenStepScratch.count(config: c))
        logits = [Float](repeating: 0, count: c.vocabSize)
        logDecay = [Float](repeating: 0, count: c.layerCount * c.valueHeads)
        beta = [Float](repeating: 0, count: c.layerCount * c.valueHeads)
    }

    public func logDecay(layer: Int) -> ArraySlice<Float> { logDecay[layer * valueHeads..<(layer + 1) * valueHeads] }
    public func beta(layer: Int) -> ArraySlice<Float> { beta[layer * valueHeads..<(layer + 1) * valueHeads] }
}

/// The workspace's storage carved into the vectors of one token's pass through a block.
struct TokenStepScratch {
    let x, normed, sublayer, mlpGate, mlpUp: UnsafeMutablePointer<Float>
    let attention: GatedDeltaNetAttention.StepScratch

    static func count(config c: ModelConfig) -> Int {
        3 * c.hiddenSize + 2 * c.intermediateSize + GatedDeltaNetAttention.StepScratch.count(config: c)
    }

    init(_ base: UnsafeMutablePointer<Float>, config c: ModelConfig) {
        x = base
        normed = x + c.hiddenSize
        sublayer = normed + c.hiddenSize
        mlpGate = sublayer + c.hiddenSize
        mlpUp = mlpGate + c.intermediateSize
        attention = .init(mlpUp + c.intermediateSize, config: c)
    }
}

extension GatedDeltaNetModel {
    /// One token through the model on `workspace`, advancing `cache` in place: the logits land in
    /// `workspace.logits`. The same arithmetic, call for call, as `forward([token], cache:, form: .recurrent)`.
    public func step(_ token: Int, cache: inout [LayerCache], workspace: inout TokenStepWorkspace) throws(ModelError) {
        let c = config
        guard (0..<c.vocabSize).contains(token) else {
            throw ModelError("token \(token) is outside the vocabulary of \(c.vocabSize)")
        }
        workspace.storage.withUnsafeMutableBufferPointer { storage in
            let scratch = TokenStepScratch(storage.baseAddress!, config: c)
            embedding.table.weight.withUnsafeBufferPointer { table in
                scratch.x.update(from: table.baseAddress! + token * c.hiddenSize, count: c.hiddenSize)
            }
            for (i, block) in blocks.enumerated() {
                block.step(scratch.x, cache: &cache[i], scratch: scratch)
                let offset = i * c.valueHeads
                workspace.logDecay.withUnsafeMutableBufferPointer { g in
                    (g.baseAddress! + offset).update(from: scratch.attention.logDecay, count: c.valueHeads)
                }
                workspace.beta.withUnsafeMutableBufferPointer { b in
                    (b.baseAddress! + offset).update(from: scratch.attention.beta, count: c.valueHeads)
                }
            }
            norm.normalize(scratch.x, rows: 1)
            workspace.logits.withUnsafeMutableBufferPointer { head.apply(scratch.x, rows: 1, into: $0.baseAddress!) }
        }
    }
}
