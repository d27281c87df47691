import Foundation

/// fla's `GatedDeltaNetForCausalLM` and the models shaped like it: embeddings, decoder blocks (each a
/// token mixer of some kind and an MLP), a final RMSNorm and the LM head (or the embedding matrix when
/// tied). Immutable once loaded, so one instance is shared across threads.
public final class GatedDeltaNetModel: Sendable {
    public let config: ModelConfig
    public let name: String
    public let format: any CheckpointFormat
    public let tokenizer: any Tokenizer
    /// Said once when the model opens, e.g. that no tokenizer was found.
    public let notice: String?
    public let embedding: Embedding
    public let blocks: [DecoderBlock]
    public let norm: RMSNorm
    public let head: Linear

    /// Loads a checkpoint directory: config.json and model.safetensors (or shards), in the format its
    /// config names (fla's, or Hugging Face's Qwen3.5 / Qwen3-Next), or in `format` when given.
    public init(directory: URL, format given: (any CheckpointFormat)? = nil) throws(ModelError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelError("\(directory.path): not a model directory")
        }
        let configURL = directory.appendingPathComponent("config.json")
        let (format, c): (any CheckpointFormat, ModelConfig)
        if let given {
            (format, c) = (given, try given.configuration(contentsOf: configURL))
        } else {
            (format, c) = try CheckpointFormats.load(configURL)
        }
        let weights = ParameterLoader(store: try WeightStore(directory: directory), format: format, config: c)
        config = c
        self.format = format
        name = directory.standardizedFileURL.lastPathComponent
        (tokenizer, notice) = try Self.tokenizer(in: directory, for: c)
        embedding = try Embedding(weights, vocab: c.vocabSize, hidden: c.hiddenSize)
        var blocks: [DecoderBlock] = []
        for i in 0..<c.layerCount { blocks.append(try DecoderBlock(weights, index: i, config: c)) }
        self.blocks = blocks
        norm = try RMSNorm(weights, .finalNorm, width: c.hiddenSize, eps: c.normEps)
        head = c.tieWordEmbeddings ? embedding.table
            : try Linear(weights, .outputHead, in: c.hiddenSize, out: c.vocabSize)
    }

    /// The directory's tokenizer.json; bytes for a byte-level vocabulary without one; otherwise ids
    /// shown as `#id`, said once. A tokenizer with more tokens than the embedding has rows is refused.
    private static func tokenizer(in directory: URL, for c: ModelConfig) throws(ModelError) -> (any Tokenizer, String?) {
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("tokenizer.json").path) {
            let tokenizer = try SubwordTokenizer(directory: directory)
            guard tokenizer.vocabularySize <= c.vocabSize else {
                throw ModelError("\(directory.path)/tokenizer.json: \(tokenizer.vocabularySize) tokens, but the model's vocab_size is \(c.vocabSize)")
            }
            return (tokenizer, nil)
        }
        if c.vocabSize == 256 { return (ByteTokenizer(), nil) }
        return (IdentifierTokenizer(vocabularySize: c.vocabSize),
                "no tokenizer found: tokens shown as #id, typed text sent as UTF-8 bytes")
    }

    /// Each layer's kind, in order.
    public var layerKinds: [LayerKind] { blocks.map { $0.kind } }

    public func emptyCache() -> [LayerCache] { blocks.map { $0.mixer.emptyCache() } }

    /// Runs `tokens` through the model from `cache` (advanced in place) and returns the logits of every
    /// position [T, vocab], or of the last one only. `observe` receives each layer's mixer call.
    public func forward(_ tokens: [Int], cache: inout [LayerCache], form: KernelForm, allLogits: Bool = true,
                        observe: ((Int, MixerCall) -> Void)? = nil) throws(ModelError) -> [Float] {
        guard !tokens.isEmpty else { return [] }
        var workspace = ForwardWorkspace(model: self, rows: tokens.count)
        try forward(tokens, cache: &cache, form: form, allLogits: allLogits, workspace: &workspace, observe: observe)
        return workspace.logits
    }

    /// One token with the recurrent form on `workspace`: the logits land in `workspace.logits`, the
    /// gates in `workspace.logDecay(layer:)` / `beta(layer:)`. With a session's workspace this
    /// allocates nothing.
    public func step(_ token: Int, cache: inout [LayerCache], workspace: inout ForwardWorkspace,
                     observe: ((Int, MixerCall) -> Void)? = nil) throws(ModelError) {
        try forward(CollectionOfOne(token), cache: &cache, form: .recurrent, allLogits: false, workspace: &workspace,
                    observe: observe)
    }

    /// The forward pass, the only one: embeddings, every block over all rows, the norm and the head.
    public func forward(_ tokens: some Collection<Int>, cache: inout [LayerCache], form: KernelForm, allLogits: Bool,
                        workspace: inout ForwardWorkspace, observe: ((Int, MixerCall) -> Void)? = nil) throws(ModelError) {
        let T = tokens.count, h = config.hiddenSize, vocab = config.vocabSize
        guard T > 0 else { return }
        if let bad = tokens.first(where: { $0 < 0 || $0 >= vocab }) {
            throw ModelError("token \(bad) is outside the vocabulary of \(vocab)")
        }
        workspace.reserve(rows: T)
        workspace.setRows(T)
        let logitRows = allLogits ? T : 1
        if workspace.logits.count != logitRows * vocab { workspace.logits = [Float](repeating: 0, count: logitRows * vocab) }
        // Moved out for the pass (still unique, so written in place): the workspace is read meanwhile.
        var storage = workspace.storage, logits = workspace.logits
        (workspace.storage, workspace.logits) = ([], [])
        defer { (workspace.storage, workspace.logits) = (storage, logits) }
        storage.withUnsafeMutableBufferPointer { storage in
            let b = workspace.buffers(storage.baseAddress!)
            embedding.lookUp(tokens, into: b.x)
            for (i, block) in blocks.enumerated() {
                block.forward(b.x, rows: T, cache: &cache[i], form: form, buffers: b.block, retained: b.retained[i],
                              mlpRetained: b.mlpRetained[i],
                              observe: observe.map { f in { f(i, $0) } })
            }
            let last = b.x + (T - logitRows) * h
            norm.normalize(last, rows: logitRows)
            logits.withUnsafeMutableBufferPointer { head.apply(last, rows: logitRows, into: $0.baseAddress!) }
        }
    }
}
