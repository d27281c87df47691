import GatedDelta
import GatedDeltaNet

/// A lesson or trace as the explorer's source: named steps, the recorded gates, and each step's
/// memory replayed from the recorded rule inputs. It only steps; there is no model to feed.
public struct RecordingSource: ExplorerSource {
    public let recording: Recording

    public init(_ recording: Recording) { self.recording = recording }

    public var name: String { recording.name }
    public var title: String? { recording.title }
    public var count: Int { recording.length }
    public var layerCount: Int { recording.layers.count }
    public func layerKind(_ layer: Int) -> LayerKind { .gatedDeltaNet }
    public func headCount(layer: Int) -> Int { recording.layers[min(layer, recording.layers.count - 1)].headCount }
    public var rule: UpdateRule { recording.rule }
    public var model: GatedDeltaNetModel? { nil }
    public var nextLogits: [Float]? { nil }

    public func tokens(in range: Range<Int>) -> [Token] {
        recording.labels[range.clamped(to: 0..<count)].map { Token(label: $0) }
    }

    public func gates(layer: Int, in range: Range<Int>) -> (alpha: [[Float]], beta: [[Float]]) {
        let stream = recording.layers[layer], steps = range.clamped(to: 0..<count)
        return ((0..<stream.headCount).map { Array(stream.alphas(head: $0)[steps]) },
                (0..<stream.headCount).map { Array(stream.betas(head: $0)[steps]) })
    }

    public func step(at position: Int) throws(ModelError) -> any ShownStep {
        guard (0..<count).contains(position) else {
            throw ModelError("step \(position) is outside the \(count) steps of \(name)")
        }
        return RecordedStep(recording: recording, position: position)
    }

    public func layerStreams(from first: Int, through last: Int) throws(ModelError) -> (start: Int, layers: [LayerStream?]) {
        (0, recording.layers)
    }

    public func narration(at position: Int) -> String? {
        recording.narration.indices.contains(position) ? recording.narration[position] : nil
    }

    public mutating func append(_ tokens: [Int], origin: TokenOrigin, progress: ((Int, Int) -> Void)?,
                                isCancelled: () -> Bool) throws(ModelError) {
        throw ModelError("no model: \(name) only steps; :load DIR for a model")
    }
}

/// A recording's step: memory walked from the start of the recorded stream to the step.
struct RecordedStep: ShownStep {
    let recording: Recording
    let position: Int

    private func walk(layer: Int, head: Int) -> (state: [Float], parts: StepParts?, stream: HeadStream) {
        let stream = recording.layers[layer].head(head)
        var parts: StepParts?
        let state = MemoryWalk.run(stream, rule: stream.rule, steps: position + 1) { t, p, _ in
            if t == position { parts = p }
        }
        return (state, parts, stream)
    }

    func state(layer: Int, head: Int) -> Matrix? {
        let (state, _, stream) = walk(layer: layer, head: head)
        return Matrix(rows: stream.keyDim, columns: stream.valueDim, values: state)
    }

    func update(layer: Int, head: Int) -> StepUpdate? { walk(layer: layer, head: head).parts.map(StepUpdate.init) }

    func attention(layer: Int) -> AttentionStep? { nil }

    func experts(layer: Int) -> ExpertRouting? { nil }

    var nextLogits: [Float]? { nil }
}
