/// A conversation with the model: the tokens so far, the caches after them, and checkpoints of the caches
/// so any earlier step can be shown again without recomputing from the start.
///
/// Prefill runs the chunked kernel; single tokens run the recurrent one. Checkpoints are taken every
/// `checkpointInterval` tokens; when they would exceed `checkpointBudget` bytes, every other one is
/// dropped and the interval doubles, so memory stays bounded however long the session grows.
public struct InferenceSession: Sendable {
    public let model: GatedDeltaNetModel
    public private(set) var tokens: [Int] = []
    public private(set) var cache: [LayerCache]
    /// Next-token logits after the last token; empty before the first.
    public private(set) var logits: [Float] = []
    public private(set) var gates: GateHistory
    public private(set) var checkpointInterval: Int
    public let checkpointBudget: Int
    /// Caches at token counts that are multiples of the interval (count 0 included).
    private var checkpoints: [Int: [LayerCache]]
    /// The forward pass's memory, reused: single-token appends then allocate nothing in the model.
    private var workspace: ForwardWorkspace

    public init(model: GatedDeltaNetModel, checkpointInterval: Int = 64, checkpointBudget: Int = 256 << 20) {
        self.model = model
        cache = model.emptyCache()
        gates = GateHistory(model: model)
        self.checkpointInterval = max(1, checkpointInterval)
        self.checkpointBudget = checkpointBudget
        checkpoints = [0: cache]
        workspace = ForwardWorkspace(model: model)
    }

    public var count: Int { tokens.count }

    /// The longest run of tokens one forward pass takes (512 rows of workspace).
    public static let maxSegment = 512

    public var checkpointCount: Int { checkpoints.count }

    /// Feeds tokens: the chunked kernel in segments that end on checkpoint boundaries (and are at most
    /// `maxSegment` long, which bounds the workspace), then the caches at each boundary are kept.
    /// `progress(done, total)` is called after each segment; `isCancelled` is asked before each, and
    /// a cancelled append stops between segments with `ModelError.cancelled`, the session consistent.
    public mutating func append(_ newTokens: [Int], progress: ((Int, Int) -> Void)? = nil,
                                isCancelled: () -> Bool = { false }) throws(ModelError) {
        var done = 0
        while done < newTokens.count {
            if isCancelled() { throw ModelError.cancelled }
            let nextBoundary = (count / checkpointInterval + 1) * checkpointInterval
            let length = min(newTokens.count - done, nextBoundary - count, Self.maxSegment)
            let segment = newTokens[done..<done + length]
            // One token steps with the recurrent form; a segment prefills with the chunked one.
            try model.forward(segment, cache: &cache, form: length == 1 ? .recurrent : .chunked, allLogits: false,
                              workspace: &workspace)
            if logits.count == workspace.logits.count {
                _ = logits.withUnsafeMutableBufferPointer { $0.update(fromContentsOf: workspace.logits) }
            } else {
                logits = workspace.logits
            }
            gates.append(workspace, rows: length)
            tokens += segment
            done += length
            if count % checkpointInterval == 0 { keepCheckpoint() }
            progress?(done, newTokens.count)
        }
    }

    /// Goes back to the first `newCount` tokens (for a different continuation).
    public mutating func truncate(to newCount: Int) throws(ModelError) {
        guard newCount < count else { return }
        let newCount = max(0, newCount)
        let (start, startCache) = nearestCheckpoint(atOrBefore: newCount)
        let replay = Array(tokens[start..<newCount])
        tokens.removeSubrange(start...)
        gates.truncate(to: start)
        checkpoints = checkpoints.filter { $0.key <= start }
        cache = startCache
        logits = []
        if start > 0 || !replay.isEmpty {
            // Logits after the checkpoint's last token come from replaying it when nothing follows.
            if replay.isEmpty {
                let t = start - 1
                logits = try record(at: t).logits
            } else {
                try append(replay)
            }
        }
    }

    /// The step of token `position` (0-based) with every layer's inputs and memory, recomputed from the
    /// nearest checkpoint with the recurrent kernel.
    public func record(at position: Int) throws(ModelError) -> StepRecord {
        guard (0..<count).contains(position) else {
            throw ModelError("step \(position) is outside the \(count) tokens of the session")
        }
        let (start, startCache) = nearestCheckpoint(atOrBefore: position)
        var replayCache = startCache
        if start < position {
            _ = try model.forward(Array(tokens[start..<position]), cache: &replayCache, form: .recurrent, allLogits: false)
        }
        var calls = [MixerCall?](repeating: nil, count: model.blocks.count)
        var stepWorkspace = ForwardWorkspace(model: model)
        try model.step(tokens[position], cache: &replayCache, workspace: &stepWorkspace) { layer, call in calls[layer] = call }
        return StepRecord(position: position, token: tokens[position], layers: calls.map { LayerRecord($0!, row: 0) },
                          experts: model.blocks.indices.map { stepWorkspace.routing(layer: $0, row: 0) },
                          logits: stepWorkspace.logits)
    }

    /// Every layer's rule inputs for the tokens from the checkpoint at or before `first` through `last`
    /// (one chunked forward), each stream starting from the memory the model had there, its initial
    /// state. The teaching views analyse such a window: memory and time bounded by its length, not by
    /// the session's. Returns the window's first token with the streams, nil for layers of other kinds.
    public func layerStreams(from first: Int, through last: Int) throws(ModelError) -> (start: Int, layers: [LayerStream?]) {
        guard 0 <= first, first <= last, last < count else {
            throw ModelError("steps \(first)...\(last) are outside the \(count) tokens of the session")
        }
        let (start, startCache) = nearestCheckpoint(atOrBefore: first)
        var cache = startCache
        var streams = [LayerStream?](repeating: nil, count: model.blocks.count)
        _ = try model.forward(Array(tokens[start...last]), cache: &cache, form: .chunked, allLogits: false) { layer, call in
            streams[layer] = call.gatedDeltaNet.map { LayerStream(inputs: $0.inputs, options: $0.options) }
        }
        return (start, streams)
    }

    private func nearestCheckpoint(atOrBefore position: Int) -> (Int, [LayerCache]) {
        var start = (position / checkpointInterval) * checkpointInterval
        while checkpoints[start] == nil { start -= checkpointInterval }
        return (start, checkpoints[start]!)
    }

    private mutating func keepCheckpoint() {
        checkpoints[count] = cache
        let bytes = cache.reduce(0) { $0 + $1.byteCount }
        while checkpoints.count * bytes > checkpointBudget, checkpointInterval < count {
            checkpointInterval *= 2
            checkpoints = checkpoints.filter { $0.key % checkpointInterval == 0 }
        }
    }
}
