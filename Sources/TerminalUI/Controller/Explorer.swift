import Foundation
import GatedDelta
import GatedDeltaNet

/// The app state over a source: a model session (feed, generate, step) or a model-free recording (a
/// lesson or a trace, stepped only). It holds the cursor in time, the selected layer and head, the
/// teaching views' settings, sampling and play state; it turns actions and commands into work and
/// builds the `ScreenSnapshot` the pure renderer draws. A value type: the event loop owns one, and a
/// long prefill works on a copy.
public struct Explorer: Sendable {
    public enum Source: Sendable {
        case model(InferenceSession)
        case recording(Recording)
    }

    public private(set) var source: Source
    public private(set) var origins: [TokenOrigin] = []
    /// The token being shown, 0-based; meaningless while the sequence is empty.
    public private(set) var cursor = 0
    public private(set) var layer = 0
    public private(set) var head = 0
    public private(set) var teaching = TeachingSettings()
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
    /// The model session's rule inputs for every token, made when a teaching view needs them.
    private var streams: (tokens: [Int], start: Int, last: Int, layers: [LayerStream])?
    /// The last teaching frames and what they were computed for: every frame asks for a snapshot,
    /// and replaying four rules over a long stream is worth doing once per change.
    private var teachingFrames: (key: TeachingFrameKey, rules: RuleComparisonFrame?, erasure: ErasureFrame?,
                                 recall: RecallFrame?)?

    private struct TeachingFrameKey: Equatable {
        var tokens: [Int]
        var count: Int
        var layer: Int
        var head: Int
        var cursor: Int
        var settings: TeachingSettings
    }

    public static let topCandidates = 8
    /// How many of the most-erasing tokens the token strip marks.
    public static let erasureMarks = 5

    public init(model: GatedDeltaNetModel, sampling: SamplingSettings = .init()) {
        source = .model(InferenceSession(model: model))
        self.sampling = sampling
        sampler = Sampler(sampling)
        teaching.selectedRule = model.config.rule
    }

    /// Plays a lesson or a trace: no model, the cursor on the first step.
    public init(recording: Recording) {
        source = .recording(recording)
        sampling = .init()
        sampler = Sampler(sampling)
        teaching.selectedRule = recording.rule
    }

    public var session: InferenceSession? {
        if case .model(let session) = source { return session }
        return nil
    }

    public var recording: Recording? {
        if case .recording(let recording) = source { return recording }
        return nil
    }

    public var model: GatedDeltaNetModel? { session?.model }

    /// Tokens (or lesson steps) in the sequence.
    public var count: Int {
        switch source {
        case .model(let session): session.count
        case .recording(let recording): recording.length
        }
    }

    public var layerCount: Int {
        switch source {
        case .model(let session): session.model.config.layerCount
        case .recording(let recording): recording.layers.count
        }
    }

    public var headCount: Int {
        switch source {
        case .model(let session): session.model.config.valueHeads
        case .recording(let recording): recording.layers[0].headCount
        }
    }

    public var rule: UpdateRule {
        switch source {
        case .model(let session): session.model.config.rule
        case .recording(let recording): recording.rule
        }
    }

    // MARK: - Feeding and generating

    private func requireSession() throws(ModelError) -> InferenceSession {
        guard let session else {
            throw ModelError("no model: \(recording?.name ?? "this recording") only steps; :load DIR for a model")
        }
        return session
    }

    /// Feeds text at the end of the session; the cursor moves to its last token.
    public mutating func feed(_ text: String, origin: TokenOrigin = .user,
                              progress: ((Int, Int) -> Void)? = nil) throws(ModelError) {
        try feed(bytes: Array(text.utf8), origin: origin, progress: progress)
    }

    /// Feeds raw bytes (a prompt file may hold invalid UTF-8, which the byte-level model reads as it is).
    public mutating func feed(bytes: [UInt8], origin: TokenOrigin = .user,
                              progress: ((Int, Int) -> Void)? = nil) throws(ModelError) {
        var session = try requireSession()
        let tokens = tokenizer.encode(bytes: bytes)
        guard !tokens.isEmpty else { return }
        try session.append(tokens, progress: progress)
        source = .model(session)
        origins += Array(repeating: origin, count: tokens.count)
        moveCursor(to: session.count - 1)
    }

    /// Samples `count` tokens at the end of the session.
    public mutating func generate(_ count: Int) throws(ModelError) {
        var session = try requireSession()
        for _ in 0..<count {
            guard !session.logits.isEmpty else {
                message = .init(.error, "nothing to continue: type some text first")
                break
            }
            let token = sampler.next(logits: session.logits)
            try session.append([token])
            origins.append(.generated)
        }
        source = .model(session)
        moveCursor(to: session.count - 1)
    }

    /// Starts again with no tokens (same model and settings); a recording goes back to its first step.
    public mutating func reset() {
        if let session {
            source = .model(InferenceSession(model: session.model))
            origins = []
            sampler = Sampler(sampling)
        }
        // The cached step is keyed by position and token: a new text with the same token at the
        // same place would otherwise show the old session's state.
        record = nil
        playState = .paused
        moveCursor(to: 0)
    }

    /// The same text on another model: what `:load` does (from a recording: an empty session).
    public mutating func replaceModel(_ model: GatedDeltaNetModel) throws(ModelError) {
        let text = session.map { tokenizer.decode($0.tokens) } ?? ""
        let oldOrigins = origins
        var session = InferenceSession(model: model)
        origins = []
        layer = min(layer, model.config.layerCount - 1)
        head = min(head, model.config.valueHeads - 1)
        if !text.isEmpty {
            try session.append(tokenizer.encode(text))
            origins = oldOrigins.count == session.count ? oldOrigins : Array(repeating: .user, count: session.count)
        }
        source = .model(session)
        streams = nil
        teachingFrames = nil
        record = nil
        moveCursor(to: session.count - 1)
    }

    /// Replaces whatever was shown with a lesson or trace, at its first step.
    public mutating func play(_ recording: Recording) {
        source = .recording(recording)
        teachingFrames = nil
        origins = []
        streams = nil
        record = nil
        playState = .paused
        teaching.selectedRule = recording.rule
        teaching.overrides = [:]
        teaching.probe = nil
        select(layer: layer, head: head)
        moveCursor(to: 0)
    }

    // MARK: - Actions and commands

    /// The model-side actions of the key map (the UI-only ones are `UIState`'s).
    public mutating func perform(_ action: Action) throws(ModelError) {
        switch action {
        case .stepForward:
            if cursor + 1 < count {
                moveCursor(to: cursor + 1)
            } else if session != nil {
                try generate(1)
            } else {
                playState = .paused   // a recording ends where it ends
            }
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
        case .cycleView: teaching.view = teaching.view.next
        case .toggleRecall: teaching.showsRecall.toggle()
        case .selectRule(let rule):
            teaching.selectedRule = rule
            teaching.view = .rules
        case .toggleForceAlpha:
            teaching.overrides[teaching.selectedRule, default: .none].forcesAlphaOne.toggle()
            teaching.view = .rules
        case .cycleForceBeta:
            teaching.overrides[teaching.selectedRule, default: .none].cycleBeta()
            teaching.view = .rules
        case .moveProbe(let steps):
            teaching.showsRecall = true
            teaching.probe = min(max((teaching.probe ?? cursor) + steps, 0), max(cursor, 0))
        default: break
        }
    }

    public mutating func select(layer newLayer: Int, head newHead: Int) {
        layer = min(max(newLayer, 0), layerCount - 1)
        head = min(max(newHead, 0), headCount - 1)
    }

    public mutating func show(_ view: TeachingView) { teaching.view = view }

    /// Follows token j (1-based, as on screen) in the recall details; the strip is shown.
    public mutating func probe(step j: Int) {
        teaching.showsRecall = true
        teaching.probe = min(max(j - 1, 0), max(count - 1, 0))
    }

    /// Moves the cursor to a 1-based step t as shown on screen (0 and anything past the end clamp).
    public mutating func goto(step t: Int) { moveCursor(to: t - 1) }

    public mutating func setSpeed(_ stepsPerSecond: Double) { speed = min(max(stepsPerSecond, 0.25), 256) }

    public mutating func pause() { playState = .paused }

    private mutating func moveCursor(to position: Int) {
        cursor = min(max(position, 0), max(count - 1, 0))
    }

    // MARK: - What the screen shows

    /// The step at the cursor, recomputed from the nearest checkpoint when the cursor moved.
    public mutating func currentRecord() -> StepRecord? {
        guard let session, session.count > 0 else { return nil }
        if let record, record.position == cursor, record.token == session.tokens[cursor] { return record }
        record = try? session.record(at: cursor)
        return record
    }

    /// How many steps before the cursor the teaching views look at in a model session: they replay
    /// from the model's own memory at the window's start, so a long session costs a window, not itself.
    public static let teachingWindow = 1024

    /// Every layer's rule inputs around the cursor and the step they start at: the whole recording,
    /// or for a model session a window from a checkpoint at most `teachingWindow` (plus the checkpoint
    /// spacing) steps before the cursor, reaching half a window past it so that moving the cursor
    /// reuses it (redone when the cursor leaves it or the tokens change).
    public mutating func layerStreams() -> (start: Int, layers: [LayerStream]) {
        switch source {
        case .recording(let recording):
            return (0, recording.layers)
        case .model(let session):
            if let streams, streams.tokens == session.tokens, streams.start <= cursor, cursor <= streams.last,
               cursor - streams.start < 2 * Self.teachingWindow {
                return (streams.start, streams.layers)
            }
            let first = max(0, cursor - Self.teachingWindow + 1)
            let last = min(session.count - 1, cursor + Self.teachingWindow / 2)
            guard let (start, layers) = try? session.layerStreams(from: first, through: last) else { return (0, []) }
            streams = (session.tokens, start, last, layers)
            return (start, layers)
        }
    }

    public mutating func snapshot(busy: String? = nil) -> ScreenSnapshot {
        var snapshot = ScreenSnapshot(
            modelName: model?.name ?? recording?.name ?? "", ruleName: rule.displayName, layer: layer,
            layerCount: layerCount, head: head, headCount: headCount, tokens: tokens(),
            cursor: cursor, playState: playState, speed: speed, busy: busy, message: message)
        snapshot.view = teaching.view
        snapshot.hasModel = session != nil
        if let session {
            snapshot.alphaHistory = (0..<headCount).map { session.gates.alpha(layer: layer, head: $0) }
            snapshot.betaHistory = (0..<headCount).map { session.gates.beta(layer: layer, head: $0) }
            if let step = currentRecord() {
                let layerStep = step.layers[layer]
                snapshot.state = Matrix(rows: layerStep.keyDim, columns: layerStep.valueDim,
                                        values: layerStep.state(head: head))
                snapshot.update = StepUpdate(layerStep.parts(head: head))
                let probabilities = Sampler.softmax(step.logits, temperature: max(sampling.temperature, 0))
                snapshot.nextTokens = Sampler.ranked(probabilities).prefix(Self.topCandidates).map {
                    TokenCandidate(byte: UInt8(truncatingIfNeeded: $0.token), probability: $0.probability)
                }
            }
        } else if let recording, count > 0 {
            let stream = recording.layers[layer]
            snapshot.alphaHistory = (0..<headCount).map { stream.alphas(head: $0) }
            snapshot.betaHistory = (0..<headCount).map { stream.betas(head: $0) }
            let head = stream.head(self.head)
            var parts: StepParts?
            let state = MemoryWalk.run(head, rule: head.rule, steps: cursor + 1) { t, p, _ in
                if t == cursor { parts = p }
            }
            snapshot.state = Matrix(rows: head.keyDim, columns: head.valueDim, values: state)
            snapshot.update = parts.map(StepUpdate.init)
            snapshot.title = recording.title
            snapshot.narration = recording.narration.indices.contains(cursor) ? recording.narration[cursor] : nil
        }
        addTeachingFrames(to: &snapshot)
        return snapshot
    }

    private func tokens() -> [Token] {
        switch source {
        case .model(let session):
            zip(session.tokens, origins).map { Token(byte: UInt8(truncatingIfNeeded: $0), origin: $1) }
        case .recording(let recording):
            recording.labels.map { Token(label: $0) }
        }
    }

    /// The comparison, accounting and recall numbers the current view and strip need (nothing
    /// is computed for a view that is not shown, nor twice for the same state).
    private mutating func addTeachingFrames(to snapshot: inout ScreenSnapshot) {
        let wantsRules = teaching.view == .rules, wantsErasure = teaching.view == .erasure
        guard count > 0, wantsRules || wantsErasure || teaching.showsRecall else { return }
        let key = TeachingFrameKey(tokens: session?.tokens ?? [], count: count, layer: layer, head: head,
                                   cursor: cursor, settings: teaching)
        // (The tokens name a model session's stream; `play` and `replaceModel` drop the cache.)
        if let cached = teachingFrames, cached.key == key {
            snapshot.rules = cached.rules
            snapshot.erasure = cached.erasure
            snapshot.recall = cached.recall
            return
        }
        defer { teachingFrames = (key, snapshot.rules, snapshot.erasure, snapshot.recall) }
        // Steps of the streams are counted from `start`; the frames say where they begin.
        let (start, layers) = layerStreams()
        let t = cursor - start
        guard layers.indices.contains(layer), t >= 0, layers[layer].length > t else { return }
        let stream = layers[layer].head(head)
        if wantsRules {
            snapshot.rules = RuleComparisonFrame(
                RuleComparison(stream, through: t, overrides: teaching.overrides),
                keyDim: stream.keyDim, valueDim: stream.valueDim, own: stream.rule, selected: teaching.selectedRule)
        }
        if wantsErasure {
            let accounting = ErasureAccounting(stream)
            let heads = (0..<headCount).map { ErasureAccounting(layers[layer].head($0), through: t).steps[t] }
            snapshot.erasure = ErasureFrame(history: accounting.steps, heads: heads,
                                            mostErasing: accounting.mostErasing(Self.erasureMarks).map { $0 + start },
                                            firstStep: start)
        }
        if teaching.showsRecall {
            let probe = min(max(teaching.probe ?? cursor, start), cursor)
            snapshot.recall = RecallFrame(
                recall: RecallProbe.strip(stream, through: t), probe: probe,
                details: AssociationHistory(stream, token: probe - start, through: t, firstStep: start).summary,
                firstStep: start)
        }
    }
}

extension StepUpdate {
    /// The screen's matrices of one head's step parts.
    init(_ parts: StepParts) {
        let (K, V) = (parts.keyDim, parts.valueDim)
        self.init(deltaUpdate: Matrix(rows: K, columns: V, values: parts.deltaUpdate),
                  deltaErase: Matrix(rows: K, columns: V, values: parts.deltaErase),
                  newWrite: Matrix(rows: K, columns: V, values: parts.newWrite),
                  gateErase: Matrix(rows: K, columns: V, values: parts.gateErase))
    }
}
