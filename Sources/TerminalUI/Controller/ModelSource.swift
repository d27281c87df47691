import GatedDelta
import GatedDeltaNet

/// A model session as the explorer's source: its tokens with their pieces from the tokenizer and
/// their origins, and every step recomputable from the session's checkpoints.
public struct ModelSource: ExplorerSource {
    public private(set) var session: InferenceSession
    public let tokenizer: any Tokenizer
    public private(set) var origins: [TokenOrigin] = []

    /// The model's own tokenizer unless another is given.
    public init(model: GatedDeltaNetModel, tokenizer: (any Tokenizer)? = nil) {
        session = InferenceSession(model: model)
        self.tokenizer = tokenizer ?? model.tokenizer
    }

    public var name: String { session.model.name }
    public var title: String? { nil }
    public var count: Int { session.count }
    public var layerCount: Int { session.model.config.layerCount }
    public func layerKind(_ layer: Int) -> LayerKind { session.model.layerKinds[layer] }
    public func headCount(layer: Int) -> Int {
        switch session.model.blocks[layer].mixer {
        case .gatedDeltaNet(let gdn): gdn.config.valueHeads
        case .attention(let attention): attention.attention.heads
        }
    }
    public var rule: UpdateRule { session.model.config.rule }
    public var model: GatedDeltaNetModel? { session.model }
    public var nextLogits: [Float]? { session.logits.isEmpty ? nil : session.logits }

    public func tokens(in range: Range<Int>) -> [Token] {
        range.clamped(to: 0..<count).map { Token(id: session.tokens[$0], piece: tokenizer.display(session.tokens[$0]),
                                                  origin: origins[$0]) }
    }

    public func gates(layer: Int, in range: Range<Int>) -> (alpha: [[Float]], beta: [[Float]]) {
        let history = session.gates, heads = history.headCounts[layer]
        return ((0..<heads).map { history.alpha(layer: layer, head: $0, steps: range) },
                (0..<heads).map { history.beta(layer: layer, head: $0, steps: range) })
    }

    public func step(at position: Int) throws(ModelError) -> any ShownStep { try session.record(at: position) }

    public func layerStreams(from first: Int, through last: Int) throws(ModelError) -> (start: Int, layers: [LayerStream?]) {
        try session.layerStreams(from: first, through: last)
    }

    public func narration(at position: Int) -> String? { nil }

    /// Feeds the tokens; the session asks `isCancelled` between its segments and stops there (a
    /// cancelled feed keeps what it took in, with its origins).
    public mutating func append(_ tokens: [Int], origin: TokenOrigin, progress: ((Int, Int) -> Void)?,
                                isCancelled: () -> Bool) throws(ModelError) {
        let before = session.count
        defer { origins += Array(repeating: origin, count: session.count - before) }
        do {
            try session.append(tokens, progress: progress, isCancelled: isCancelled)
        } catch where error == .cancelled {
            return
        }
    }

    /// Gives the tokens these origins (one each), e.g. those of the same text on another model.
    mutating func relabel(_ newOrigins: [TokenOrigin]) {
        precondition(newOrigins.count == count, "ModelSource: one origin per token")
        origins = newOrigins
    }

    /// The session's text (for `:load`, which feeds it to another model).
    public var text: String {
        let tokens = session.tokens, prefix = tokenizer.prefix
        return tokenizer.decode(tokens.starts(with: prefix) ? Array(tokens.dropFirst(prefix.count)) : tokens)
    }
}

extension StepRecord: ShownStep {
    public func state(layer: Int, head: Int) -> Matrix? {
        guard let step = gatedDeltaNet(layer: layer), head < step.valueHeads else { return nil }
        return Matrix(rows: step.keyDim, columns: step.valueDim, values: step.state(head: head))
    }

    public func update(layer: Int, head: Int) -> StepUpdate? {
        guard let step = gatedDeltaNet(layer: layer), head < step.valueHeads else { return nil }
        return StepUpdate(step.parts(head: head))
    }

    public var nextLogits: [Float]? { logits }

    public func experts(layer: Int) -> ExpertRouting? { experts.indices.contains(layer) ? experts[layer] : nil }
}
