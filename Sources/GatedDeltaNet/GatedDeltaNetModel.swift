import Foundation

/// fla's `GatedDeltaNetForCausalLM`: embeddings, blocks, a final RMSNorm and the LM head (or the
/// embedding matrix when tied). Immutable once loaded, so one instance is shared across threads.
public final class GatedDeltaNetModel: Sendable {
    public let config: ModelConfig
    public let name: String
    public let embedding: Embedding
    public let blocks: [DecoderBlock]
    public let norm: RMSNorm
    public let head: Linear

    /// Loads an fla checkpoint directory: config.json and model.safetensors (or shards).
    public init(directory: URL) throws(ModelError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelError("\(directory.path): not a model directory")
        }
        let c = try ModelConfig(contentsOf: directory.appendingPathComponent("config.json"))
        let store = try WeightStore(directory: directory)
        config = c
        name = directory.standardizedFileURL.lastPathComponent
        embedding = try Embedding(store, "model.embeddings.weight", vocab: c.vocabSize, hidden: c.hiddenSize)
        var blocks: [DecoderBlock] = []
        for i in 0..<c.layerCount { blocks.append(try DecoderBlock(store, index: i, config: c)) }
        self.blocks = blocks
        norm = try RMSNorm(store, "model.norm.weight", width: c.hiddenSize, eps: c.normEps)
        head = c.tieWordEmbeddings ? embedding.table
            : try Linear(store, "lm_head.weight", in: c.hiddenSize, out: c.vocabSize)
    }

    public func emptyCache() -> [LayerCache] { blocks.map { _ in LayerCache(config: config) } }

    /// Runs `tokens` through the model from `cache` (advanced in place) and returns the logits of every
    /// position [T, vocab], or of the last one only.
    public func forward(_ tokens: [Int], cache: inout [LayerCache], form: KernelForm, allLogits: Bool = true,
                        observe: ((Int, GatedDeltaNetAttention.KernelCall) -> Void)? = nil) throws(ModelError) -> [Float] {
        guard !tokens.isEmpty else { return [] }
        if let bad = tokens.first(where: { $0 < 0 || $0 >= config.vocabSize }) {
            throw ModelError("token \(bad) is outside the vocabulary of \(config.vocabSize)")
        }
        let T = tokens.count
        var x = embedding(tokens)
        for (i, block) in blocks.enumerated() {
            block(&x, rows: T, cache: &cache[i], form: form, observe: observe.map { f in { f(i, $0) } })
        }
        if !allLogits { x = Array(x[(T - 1) * config.hiddenSize..<T * config.hiddenSize]) }
        return head(norm(x), rows: allLogits ? T : 1)
    }
}
