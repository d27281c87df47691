import GatedDelta
import GatedDeltaNet

/// A model session as the explorer's source: its tokens with their pieces from the tokenizer and
/// their origins, and every step recomputable from the session's checkpoints.
public struct ModelSource: ExplorerSource {
    public private(set) var session: InferenceSession
    public let tokenizer: any Tokenizer
    public private(set) var origins: [TokenOrigin] = []

    public init(model: GatedDeltaNetModel, tokenizer: any Tokenizer = ByteTokenizer()) {
        session = InferenceSession(model: model)
        self.tokenizer = tokenizer
    }

    public var name: String { session.model.name }
    public var title: String? { nil }
    public var count: Int { session.count }
    public var layerCount: Int { session.model.config.layerCount }
    public var headCount: Int { session.model.config.valueHeads }
    public var rule: UpdateRule { session.model.config.rule }
    public var model: GatedDeltaNetModel? { session.model }
    public var nextLogits: [Float]? { session.logits.isEmpty ? nil : session.logits }

    public func tokens(in range: Range<Int>) -> [Token] {
        range.clamped(to: 0..<count).map { Token(id: session.tokens[$0], piece: tokenizer.display(session.tokens[$0]),
                                                  origin: origins[$0]) }
    }

    public func gates(layer: Int, in range: Range<Int>) -> (alpha: [[Float]], beta: [[Float]]) {
        let history = session.gates, heads = history.headCount
        let steps = range.clamped(to: 0..<history.count)
        let alpha = (0..<heads).map { h in steps.map { history.rule.alpha(logDecay: history.logDecay[layer][$0 * heads + h]) } }
        let beta = (0..<heads).map { h in steps.map { history.rule.writeStrength(beta: history.beta[layer][$0 * heads + h]) } }
        return (alpha, beta)
    }

    public func step(at position: Int) throws(ModelError) -> any ShownStep { try session.record(at: position) }

    public func layerStreams(from first: Int, through last: Int) throws(ModelError) -> (start: Int, layers: [LayerStream]) {
        try session.layerStreams(from: first, through: last)
    }

    public func narration(at position: Int) -> String? { nil }

    /// Feeds in pieces that end on the session's checkpoint boundaries (the segments it would make
    /// anyway, so the numbers are the same), asking `isCancelled` between them.
    public mutating func append(_ tokens: [Int], origin: TokenOrigin, progress: ((Int, Int) -> Void)?,
                                isCancelled: () -> Bool) throws(ModelError) {
        var done = 0
        while done < tokens.count, !isCancelled() {
            let interval = session.checkpointInterval
            let boundary = (session.count / interval + 1) * interval
            let piece = tokens[done..<min(tokens.count, done + boundary - session.count)]
            try session.append(Array(piece))
            origins += Array(repeating: origin, count: piece.count)
            done += piece.count
            progress?(done, tokens.count)
        }
    }

    /// Gives the tokens these origins (one each), e.g. those of the same text on another model.
    mutating func relabel(_ newOrigins: [TokenOrigin]) {
        precondition(newOrigins.count == count, "ModelSource: one origin per token")
        origins = newOrigins
    }

    /// The session's text (for `:load`, which feeds it to another model).
    public var text: String { tokenizer.decode(session.tokens) }
}

extension StepRecord: ShownStep {
    public func state(layer: Int, head: Int) -> Matrix {
        let step = layers[layer]
        return Matrix(rows: step.keyDim, columns: step.valueDim, values: step.state(head: head))
    }

    public func update(layer: Int, head: Int) -> StepUpdate? { StepUpdate(layers[layer].parts(head: head)) }

    public var nextLogits: [Float]? { logits }
}
