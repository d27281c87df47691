import GatedDeltaNet
/// Whether the app is stepping on its own.
public enum PlayState: Hashable, Sendable {
    case paused
    case playing
}

/// One entry of the next-token distribution: the token's id, its piece (escaped, as in `Token`) and
/// its probability.
public struct TokenCandidate: Hashable, Sendable {
    public var id: Int
    public var piece: String
    public var probability: Float

    public init(id: Int, piece: String, probability: Float) {
        self.id = id
        self.piece = piece
        self.probability = probability
    }
}

/// Everything the model side provides for one frame. Plain values, so the model can build it on
/// any thread and the renderer needs nothing else from the model. A frame's snapshot holds only
/// what can be drawn (`Explorer.snapshot(window:)`): the tokens and gate history around the cursor,
/// so its cost is bounded by the screen, not the session; an export's holds the whole sequence.
public struct ScreenSnapshot: Hashable, Sendable {
    public var modelName: String
    /// The update rule, e.g. "gated delta".
    public var ruleName: String
    /// Selected layer and head, 0-based.
    public var layer: Int
    public var layerCount: Int
    public var head: Int
    public var headCount: Int
    /// The tokens held, `tokens[i]` being step `firstToken + i`: all of them, or a window around the cursor.
    public var tokens: [Token]
    /// The step of `tokens[0]`.
    public var firstToken = 0
    /// Total number of tokens T (the sequence's, not the window's).
    public var tokenCount: Int
    /// The cursor: the step being shown, 0-based, in 0..<tokenCount (0 when there are none).
    public var cursor: Int
    /// Memory state S_t of the selected head after step `cursor` (K x V).
    public var state: Matrix?
    /// The parts of step `cursor` for the selected head; nil when there is no step to show.
    public var update: StepUpdate?
    /// alpha (decay) of every head of the layer per step: alphaHistory[head][t - historyStart].
    public var alphaHistory: [[Float]]
    /// beta (write strength) of every head of the layer per step: betaHistory[head][t - historyStart].
    public var betaHistory: [[Float]]
    /// The step of the histories' first entry (0 when they hold every step).
    public var historyStart = 0
    /// Next-token top-k after step `cursor`, most likely first.
    public var nextTokens: [TokenCandidate]
    public var playState: PlayState
    /// Steps per second while playing.
    public var speed: Double
    /// Work in progress, e.g. "prefill 40%"; nil when idle.
    public var busy: String?
    /// An info or error line for the user.
    public var message: Message?
    /// The main area's picture (memory, rule comparison, erasure accounting).
    public var view = TeachingView.memory
    /// False for a lesson or trace: there is no next-token prediction.
    public var hasModel = true
    /// A lesson's or trace's title.
    public var title: String?
    /// The lesson's line for step `cursor`.
    public var narration: String?
    /// The four rules replayed to step `cursor` (the rules view).
    public var rules: RuleComparisonFrame?
    /// Erasure norms over time and per head (the erasure view).
    public var erasure: ErasureFrame?
    /// The recall strip and one association's history (shown under the token strip).
    public var recall: RecallFrame?
    /// Whether the recall strip is on (a layer without memory has no `recall` to show).
    public var showsRecall = false
    /// Every layer's kind, `layers[layer]` the selected one's (empty: all Gated DeltaNet).
    public var layers: [LayerSummary] = []
    /// What the selected head of an attention layer attended to at the cursor.
    public var attention: AttentionFrame?
    /// Where the token at the cursor went in the selected layer's mixture of experts.
    public var experts: ExpertRouting?

    public struct Message: Hashable, Sendable {
        public enum Kind: Hashable, Sendable { case info, error }
        public var kind: Kind
        public var text: String
        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    public init(
        modelName: String = "", ruleName: String = "gated delta", layer: Int = 0,
        layerCount: Int = 1, head: Int = 0, headCount: Int = 1, tokens: [Token] = [],
        cursor: Int = 0, state: Matrix? = nil, update: StepUpdate? = nil,
        alphaHistory: [[Float]] = [], betaHistory: [[Float]] = [],
        nextTokens: [TokenCandidate] = [], playState: PlayState = .paused, speed: Double = 4,
        busy: String? = nil, message: Message? = nil, tokenCount: Int? = nil
    ) {
        self.modelName = modelName
        self.ruleName = ruleName
        self.layer = layer
        self.layerCount = layerCount
        self.head = head
        self.headCount = headCount
        self.tokens = tokens
        self.tokenCount = tokenCount ?? tokens.count
        self.cursor = cursor
        self.state = state
        self.update = update
        self.alphaHistory = alphaHistory
        self.betaHistory = betaHistory
        self.nextTokens = nextTokens
        self.playState = playState
        self.speed = speed
        self.busy = busy
        self.message = message
    }

    /// The token at step `t`, when the snapshot holds it.
    public func token(at t: Int) -> Token? {
        let i = t - firstToken
        return tokens.indices.contains(i) ? tokens[i] : nil
    }

    /// The selected layer's kind.
    public var layerSummary: LayerSummary { layers.summary(of: layer) }

    /// The sliding window the token strip marks: on an attention layer its own, on a GDN layer the
    /// nearest attention layer's (what has left it only the memory still holds); nil without one.
    public var windowEdge: WindowEdge? {
        let nearest = layerSummary.isAttention ? (layer: layer, window: attention?.window) : layers.nearestAttention(to: layer)
        guard let nearest, let window = nearest.window, tokenCount > 0 else { return nil }
        return WindowEdge(layer: nearest.layer, window: window, cursor: cursor)
    }

    /// The steps whose tokens the snapshot holds.
    public var tokenRange: Range<Int> { firstToken..<firstToken + tokens.count }
}
