import Foundation
import GatedDelta
import GatedDeltaNet

/// The model side of the app: a session, the cursor in time, the selected layer and head, sampling and
/// play state. It turns actions and commands into model work and builds the `ScreenSnapshot` the pure
/// renderer draws. A value type: the event loop owns one, and a long prefill works on a copy.
public struct Explorer: Sendable {
    public private(set) var session: InferenceSession
    public private(set) var origins: [TokenOrigin] = []
    /// The token being shown, 0-based; meaningless while the session is empty.
    public private(set) var cursor = 0
    public private(set) var layer = 0
    public private(set) var head = 0
    public var sampling: SamplingSettings {
        didSet { sampler = Sampler(sampling) }
    }
    public private(set) var playState = PlayState.paused
    /// Steps per second while playing.
    public private(set) var speed = 4.0
    public var message: ScreenSnapshot.Message?
    public let tokenizer: any Tokenizer = ByteTokenizer()
    private var sampler: Sampler
    private var record: StepRecord?

    public static let topCandidates = 8

    public init(model: GatedDeltaNetModel, sampling: SamplingSettings = .init()) {
        session = InferenceSession(model: model)
        self.sampling = sampling
        sampler = Sampler(sampling)
    }

    public var model: GatedDeltaNetModel { session.model }
    public var config: ModelConfig { session.model.config }

    // MARK: - Feeding and generating

    /// Feeds text at the end of the session; the cursor moves to its last token.
    public mutating func feed(_ text: String, origin: TokenOrigin = .user,
                              progress: ((Int, Int) -> Void)? = nil) throws(ModelError) {
        try feed(bytes: Array(text.utf8), origin: origin, progress: progress)
    }

    /// Feeds raw bytes (a prompt file may hold invalid UTF-8, which the byte-level model reads as it is).
    public mutating func feed(bytes: [UInt8], origin: TokenOrigin = .user,
                              progress: ((Int, Int) -> Void)? = nil) throws(ModelError) {
        let tokens = tokenizer.encode(bytes: bytes)
        guard !tokens.isEmpty else { return }
        try session.append(tokens, progress: progress)
        origins += Array(repeating: origin, count: tokens.count)
        moveCursor(to: session.count - 1)
    }

    /// Samples `count` tokens at the end of the session.
    public mutating func generate(_ count: Int) throws(ModelError) {
        for _ in 0..<count {
            guard !session.logits.isEmpty else {
                message = .init(.error, "nothing to continue: type some text first")
                return
            }
            let token = sampler.next(logits: session.logits)
            try session.append([token])
            origins.append(.generated)
        }
        moveCursor(to: session.count - 1)
    }

    /// Starts again with no tokens (same model and settings).
    public mutating func reset() {
        session = InferenceSession(model: session.model)
        origins = []
        sampler = Sampler(sampling)
        playState = .paused
        moveCursor(to: 0)
    }

    /// The same text on another model: what `:load` does.
    public mutating func replaceModel(_ model: GatedDeltaNetModel) throws(ModelError) {
        let text = tokenizer.decode(session.tokens)
        let oldOrigins = origins
        session = InferenceSession(model: model)
        origins = []
        layer = min(layer, model.config.layerCount - 1)
        head = min(head, model.config.valueHeads - 1)
        if !text.isEmpty {
            try session.append(tokenizer.encode(text))
            origins = oldOrigins.count == session.count ? oldOrigins : Array(repeating: .user, count: session.count)
        }
        moveCursor(to: session.count - 1)
    }

    // MARK: - Actions and commands

    /// The model-side actions of the key map (the UI-only ones are `UIState`'s).
    public mutating func perform(_ action: Action) throws(ModelError) {
        switch action {
        case .stepForward:
            if cursor + 1 < session.count { moveCursor(to: cursor + 1) } else { try generate(1) }
        case .stepBackward:
            moveCursor(to: cursor - 1)
        case .togglePlay:
            playState = playState == .playing ? .paused : .playing
        case .faster:
            speed = min(speed * 2, 256)
        case .slower:
            speed = max(speed / 2, 0.25)
        case .previousLayer: select(layer: layer - 1, head: head)
        case .nextLayer: select(layer: layer + 1, head: head)
        case .previousHead: select(layer: layer, head: head - 1)
        case .nextHead: select(layer: layer, head: head + 1)
        default: break
        }
    }

    public mutating func select(layer newLayer: Int, head newHead: Int) {
        layer = min(max(newLayer, 0), config.layerCount - 1)
        head = min(max(newHead, 0), config.valueHeads - 1)
    }

    /// Moves the cursor to a 1-based step t as shown on screen (0 and anything past the end clamp).
    public mutating func goto(step t: Int) { moveCursor(to: t - 1) }

    public mutating func setSpeed(_ stepsPerSecond: Double) { speed = min(max(stepsPerSecond, 0.25), 256) }

    public mutating func pause() { playState = .paused }

    private mutating func moveCursor(to position: Int) {
        cursor = min(max(position, 0), max(session.count - 1, 0))
    }

    // MARK: - What the screen shows

    /// The step at the cursor, recomputed from the nearest checkpoint when the cursor moved.
    public mutating func currentRecord() -> StepRecord? {
        guard session.count > 0 else { return nil }
        if let record, record.position == cursor, record.token == session.tokens[cursor] { return record }
        record = try? session.record(at: cursor)
        return record
    }

    public mutating func snapshot(busy: String? = nil) -> ScreenSnapshot {
        let step = currentRecord()
        var snapshot = ScreenSnapshot(
            modelName: model.name, ruleName: config.rule.displayName, layer: layer, layerCount: config.layerCount,
            head: head, headCount: config.valueHeads,
            tokens: zip(session.tokens, origins).map { Token(byte: UInt8(truncatingIfNeeded: $0), origin: $1) },
            cursor: cursor, playState: playState, speed: speed, busy: busy, message: message)
        snapshot.alphaHistory = (0..<config.valueHeads).map { session.gates.alpha(layer: layer, head: $0) }
        snapshot.betaHistory = (0..<config.valueHeads).map { session.gates.beta(layer: layer, head: $0) }
        if let step {
            let layerStep = step.layers[layer]
            let (K, V) = (layerStep.keyDim, layerStep.valueDim)
            snapshot.state = Matrix(rows: K, columns: V, values: layerStep.state(head: head))
            let parts = layerStep.parts(head: head)
            snapshot.update = StepUpdate(
                deltaUpdate: Matrix(rows: K, columns: V, values: parts.deltaUpdate),
                deltaErase: Matrix(rows: K, columns: V, values: parts.deltaErase),
                newWrite: Matrix(rows: K, columns: V, values: parts.newWrite),
                gateErase: Matrix(rows: K, columns: V, values: parts.gateErase))
            let probabilities = Sampler.softmax(step.logits, temperature: max(sampling.temperature, 0))
            snapshot.nextTokens = Sampler.ranked(probabilities).prefix(Self.topCandidates).map {
                TokenCandidate(byte: UInt8(truncatingIfNeeded: $0.token), probability: $0.probability)
            }
        }
        return snapshot
    }
}
