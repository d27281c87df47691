import GatedDelta
import GatedDeltaNet

/// The app state over a source (`ExplorerSource`: a model session, or a lesson or trace): the cursor
/// in time, the selected layer and head, the teaching views' settings, sampling and play state. It
/// performs the explorer's actions and builds the `ScreenSnapshot` the pure renderer draws. A value
/// type: the controller owns one, and background work runs on a copy.
///
/// What a snapshot costs to rebuild is cached (the step at the cursor, the teaching views' streams
/// and frames), each cache keyed by `generation`, which every change of the source bumps, so that no
/// mutation has to remember which caches it spoils.
public struct Explorer: Sendable {
    public private(set) var source: any ExplorerSource
    /// Bumped by every change of the source (feeding, generating, reset, another model or recording).
    public private(set) var generation = 0
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
    private var sampler: Sampler
    private var stepCache: Cached<StepKey, (any ShownStep)?>?
    private var streamCache: Cached<Int, (start: Int, last: Int, layers: [LayerStream?])>?
    private var framesCache: Cached<FramesKey, TeachingFrames>?

    private struct StepKey: Equatable {
        var generation: Int
        var position: Int
    }

    private struct FramesKey: Equatable {
        var generation: Int
        var layer: Int
        var head: Int
        var cursor: Int
        var settings: TeachingSettings
    }

    private struct TeachingFrames: Sendable {
        var rules: RuleComparisonFrame?
        var erasure: ErasureFrame?
        var recall: RecallFrame?
    }

    public static let topCandidates = 8
    /// How many of the most attended keys the attention pane lists.
    public static let attendedKeys = 8
    /// How many of the most-erasing tokens the token strip marks.
    public static let erasureMarks = 5

    /// A session on `model`, with its own tokenizer unless another is given. The model's notice (no
    /// tokenizer found) is said once, on the message line.
    public init(model: GatedDeltaNetModel, tokenizer: (any Tokenizer)? = nil,
                sampling: SamplingSettings = .init()) {
        source = ModelSource(model: model, tokenizer: tokenizer)
        self.sampling = sampling
        sampler = Sampler(sampling)
        teaching.selectedRule = model.config.rule
        message = model.notice.map { .init(.info, $0) }
    }

    /// Plays a lesson or a trace: no model, the cursor on the first step.
    public init(recording: Recording) {
        source = RecordingSource(recording)
        sampling = .init()
        sampler = Sampler(sampling)
        teaching.selectedRule = recording.rule
    }

    private var modelSource: ModelSource? { source as? ModelSource }

    public var session: InferenceSession? { modelSource?.session }
    public var recording: Recording? { (source as? RecordingSource)?.recording }
    public var model: GatedDeltaNetModel? { source.model }
    public var tokenizer: (any Tokenizer)? { modelSource?.tokenizer }
    public var origins: [TokenOrigin] { modelSource?.origins ?? [] }
    /// Tokens (or lesson steps) in the sequence.
    public var count: Int { source.count }
    public var layerCount: Int { source.layerCount }
    public var headCount: Int { source.headCount(layer: layer) }

    /// The selected layer's kind.
    public var layerKind: LayerKind { source.layerKind(layer) }

    /// What the screen says of layer `i`'s kind (an attention layer's window from the model's config).
    public func layerSummary(_ i: Int) -> LayerSummary {
        switch source.layerKind(i) {
        case .gatedDeltaNet: .gatedDeltaNet
        case .attention: .attention(window: model?.config.attentionLayers[i]?.window)
        }
    }
    public var rule: UpdateRule { source.rule }

    // MARK: - Changing the source

    /// Changes the source and bumps the generation that keys every cache.
    private mutating func change<T, E: Error>(_ body: (inout any ExplorerSource) throws(E) -> T) throws(E) -> T {
        defer { generation += 1 }
        return try body(&source)
    }

    /// The tokens `bytes` stand for, in the source's tokenizer (bytes for a recording, which refuses them).
    public func tokens(for bytes: [UInt8]) -> [Int] { (tokenizer ?? ByteTokenizer()).encode(bytes: bytes) }

    /// Feeds text at the end of the session; the cursor moves to its last token.
    public mutating func feed(_ text: String, origin: TokenOrigin = .user,
                              progress: ((Int, Int) -> Void)? = nil) throws(ModelError) {
        try feed(bytes: Array(text.utf8), origin: origin, progress: progress)
    }

    /// Feeds raw bytes (a prompt file may hold invalid UTF-8, which the byte-level model reads as it is).
    public mutating func feed(bytes: [UInt8], origin: TokenOrigin = .user,
                              progress: ((Int, Int) -> Void)? = nil) throws(ModelError) {
        try feed(tokens: tokens(for: bytes), origin: origin, progress: progress)
    }

    /// Feeds token ids; `isCancelled` is asked between pieces (the tokens fed so far stay).
    public mutating func feed(tokens: [Int], origin: TokenOrigin = .user, progress: ((Int, Int) -> Void)? = nil,
                              isCancelled: () -> Bool = { false }) throws(ModelError) {
        guard !tokens.isEmpty else { return }
        // A new sequence starts with the tokenizer's prefix (a BOS), as the model was trained.
        let tokens = count == 0 && model != nil ? (tokenizer?.prefix ?? []) + tokens : tokens
        try change { source throws(ModelError) in
            try source.append(tokens, origin: origin, progress: progress, isCancelled: isCancelled)
        }
        moveCursor(to: count - 1)
    }

    /// Samples `count` tokens at the end of the session, asking `isCancelled` between tokens.
    public mutating func generate(_ count: Int, isCancelled: () -> Bool = { false }) throws(ModelError) {
        guard model != nil else {
            throw ModelError("no model: \(source.name) only steps; :load DIR for a model")
        }
        for _ in 0..<count where !isCancelled() {
            guard let logits = source.nextLogits else {
                message = .init(.error, "nothing to continue: type some text first")
                break
            }
            let token = sampler.next(logits: logits)
            try change { source throws(ModelError) in
                try source.append([token], origin: .generated, progress: nil, isCancelled: { false })
            }
        }
        moveCursor(to: self.count - 1)
    }

    /// Starts again with no tokens (same model and settings); a recording goes back to its first step.
    public mutating func reset() {
        if let modelSource {
            change { source in source = ModelSource(model: modelSource.session.model, tokenizer: modelSource.tokenizer) }
            sampler = Sampler(sampling)
        }
        playState = .paused
        moveCursor(to: 0)
    }

    /// The same text on another model: what `:load` does (from a recording: an empty session).
    public mutating func replaceModel(_ model: GatedDeltaNetModel,
                                      tokenizer given: (any Tokenizer)? = nil) throws(ModelError) {
        let text = modelSource?.text ?? "", oldOrigins = origins
        var next = ModelSource(model: model, tokenizer: given)
        let encoded = next.tokenizer.encode(text)
        let tokens = encoded.isEmpty ? [] : next.tokenizer.prefix + encoded
        try next.append(tokens, origin: .user, progress: nil, isCancelled: { false })
        // Each token keeps its origin when the new tokenizer splits the text the same way.
        if oldOrigins.count == tokens.count { next.relabel(oldOrigins) }
        change { $0 = next }
        select(layer: layer, head: head)
        moveCursor(to: count - 1)
    }

    /// Replaces whatever was shown with a lesson or trace, at its first step.
    public mutating func play(_ recording: Recording) {
        change { $0 = RecordingSource(recording) }
        playState = .paused
        teaching.selectedRule = recording.rule
        teaching.overrides = [:]
        teaching.probe = nil
        select(layer: layer, head: head)
        moveCursor(to: 0)
    }

    // MARK: - Actions

    /// The explorer's actions of the key map.
    public mutating func perform(_ action: ExplorerAction) throws(ModelError) {
        switch action {
        case .stepForward:
            if cursor + 1 < count {
                moveCursor(to: cursor + 1)
            } else if model != nil {
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

    /// The step at the cursor, recomputed (from the nearest checkpoint) only when the cursor moved or
    /// the source changed.
    public mutating func currentStep() -> (any ShownStep)? {
        guard count > 0 else { return nil }
        let key = StepKey(generation: generation, position: cursor)
        if let stepCache, stepCache.key == key { return stepCache.value }
        let step = try? source.step(at: cursor)
        stepCache = Cached(key: key, value: step)
        return step
    }

    /// How many steps before the cursor the teaching views look at in a model session: they replay
    /// from the model's own memory at the window's start, so a long session costs a window, not itself.
    public static let teachingWindow = 1024

    /// Every layer's rule inputs around the cursor and the step they start at: the whole recording,
    /// or for a model session a window from a checkpoint at most `teachingWindow` (plus the checkpoint
    /// spacing) steps before the cursor, reaching half a window past it so that moving the cursor
    /// reuses it (redone when the cursor leaves it or the source changes).
    public mutating func layerStreams() -> (start: Int, layers: [LayerStream?]) {
        if let cached = cachedStreams { return cached }
        guard let steps = streamSteps else { return (0, []) }
        // A failure is cached as no streams (the views then say there is nothing to replay), so that
        // it is not tried again on every frame.
        let (start, layers) = (try? source.layerStreams(from: steps.lowerBound, through: steps.upperBound))
            ?? (steps.lowerBound, [])
        streamCache = Cached(key: generation, value: (start, model == nil ? Int.max : steps.upperBound, layers))
        return (start, layers)
    }

    /// The streams when the cache covers the cursor.
    private var cachedStreams: (start: Int, layers: [LayerStream?])? {
        guard let streamCache, streamCache.key == generation, streamCache.value.start <= cursor,
              cursor <= streamCache.value.last, cursor - streamCache.value.start < 2 * Self.teachingWindow else { return nil }
        return (streamCache.value.start, streamCache.value.layers)
    }

    /// The steps `layerStreams` reads for this cursor.
    private var streamSteps: ClosedRange<Int>? {
        guard count > 0 else { return nil }
        return model == nil ? 0...count - 1
            : max(0, cursor - Self.teachingWindow + 1)...min(count - 1, cursor + Self.teachingWindow / 2)
    }

    /// The steps the teaching views shown now still need the streams of (nil when they are cached or
    /// no teaching view is on): work the controller may do in the background (`prepareStreams`).
    public var pendingStreams: ClosedRange<Int>? {
        guard teaching.view != .memory || teaching.showsRecall, cachedStreams == nil else { return nil }
        return streamSteps
    }

    /// Computes the streams `pendingStreams` names (on a copy, on another thread).
    public mutating func prepareStreams() { _ = layerStreams() }

    /// Takes the streams another copy of this explorer prepared, if they are of this generation.
    public mutating func adoptStreams(from other: Explorer) {
        guard let prepared = other.streamCache, prepared.key == generation else { return }
        streamCache = prepared
    }

    /// A snapshot for one frame: the tokens within `window` steps of the cursor (a token takes at
    /// least one column, so a screen's width is enough) and the gates over as many steps, so its cost
    /// does not grow with the session. nil: everything, for an export.
    /// `analyses: false` leaves out the teaching frames whose streams are not cached yet, for the
    /// controller to prepare them in the background.
    public mutating func snapshot(busy: String? = nil, window: Int? = 512, analyses: Bool = true) -> ScreenSnapshot {
        let shown = window.map { max(cursor - $0, 0)..<min(cursor + $0 + 1, count) } ?? 0..<count
        var snapshot = ScreenSnapshot(
            modelName: source.name, ruleName: rule.displayName, layer: layer,
            layerCount: layerCount, head: head, headCount: headCount, tokens: source.tokens(in: shown),
            cursor: cursor, playState: playState, speed: speed, busy: busy, message: message, tokenCount: count)
        snapshot.firstToken = shown.lowerBound
        snapshot.view = teaching.view
        snapshot.hasModel = model != nil
        snapshot.title = source.title
        snapshot.narration = count > 0 ? source.narration(at: cursor) : nil
        snapshot.layers = (0..<layerCount).map(layerSummary)
        snapshot.showsRecall = teaching.showsRecall
        if count > 0 {
            (snapshot.alphaHistory, snapshot.betaHistory) = source.gates(layer: layer, in: shown)
            snapshot.historyStart = shown.lowerBound
        }
        if let step = currentStep() {
            snapshot.state = step.state(layer: layer, head: head)
            snapshot.update = step.update(layer: layer, head: head)
            snapshot.experts = step.experts(layer: layer)
            if let attention = step.attention(layer: layer), head < attention.heads {
                snapshot.attention = AttentionFrame(attention, head: head, shown: shown, rankedCount: Self.attendedKeys) {
                    source.tokens(in: $0..<$0 + 1).first?.displayText ?? "?"
                }
            }
            if let logits = step.nextLogits {
                let display = tokenizer ?? ByteTokenizer()
                snapshot.nextTokens = TopTokens.select(logits, count: Self.topCandidates,
                                                       temperature: max(sampling.temperature, 0)).map {
                    TokenCandidate(id: $0.id, piece: display.display($0.id), probability: $0.probability)
                }
            }
        }
        if analyses || pendingStreams == nil { addTeachingFrames(to: &snapshot) }
        return snapshot
    }

    /// The comparison, accounting and recall numbers the current view and strip need (nothing
    /// is computed for a view that is not shown, nor twice for the same state).
    private mutating func addTeachingFrames(to snapshot: inout ScreenSnapshot) {
        let wantsRules = teaching.view == .rules, wantsErasure = teaching.view == .erasure
        guard count > 0, wantsRules || wantsErasure || teaching.showsRecall else { return }
        let key = FramesKey(generation: generation, layer: layer, head: head, cursor: cursor, settings: teaching)
        let frames: TeachingFrames
        if let framesCache, framesCache.key == key {
            frames = framesCache.value
        } else {
            frames = teachingFrames(rules: wantsRules, erasure: wantsErasure)
            framesCache = Cached(key: key, value: frames)
        }
        snapshot.rules = frames.rules
        snapshot.erasure = frames.erasure
        snapshot.recall = frames.recall
    }

    private mutating func teachingFrames(rules wantsRules: Bool, erasure wantsErasure: Bool) -> TeachingFrames {
        var frames = TeachingFrames()
        // Steps of the streams are counted from `start`; the frames say where they begin.
        let (start, layers) = layerStreams()
        let t = cursor - start
        guard layers.indices.contains(layer), let layerStream = layers[layer], t >= 0, layerStream.length > t,
              head < layerStream.headCount else { return frames }
        let stream = layerStream.head(head)
        if wantsRules {
            frames.rules = RuleComparisonFrame(
                RuleComparison(stream, through: t, overrides: teaching.overrides),
                keyDim: stream.keyDim, valueDim: stream.valueDim, own: stream.rule, selected: teaching.selectedRule)
        }
        if wantsErasure {
            let accounting = ErasureAccounting(stream)
            let heads = (0..<layerStream.headCount).map { ErasureAccounting(layerStream.head($0), through: t).steps[t] }
            frames.erasure = ErasureFrame(history: accounting.steps, heads: heads,
                                          mostErasing: accounting.mostErasing(Self.erasureMarks).map { $0 + start },
                                          firstStep: start)
        }
        if teaching.showsRecall {
            let probe = min(max(teaching.probe ?? cursor, start), cursor)
            frames.recall = RecallFrame(
                recall: RecallProbe.strip(stream, through: t), probe: probe,
                details: AssociationHistory(stream, token: probe - start, through: t, firstStep: start).summary,
                firstStep: start)
        }
        return frames
    }
}

/// A value with the key it was computed for.
struct Cached<Key: Equatable & Sendable, Value: Sendable>: Sendable {
    var key: Key
    var value: Value
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
