import GatedDelta
import GatedDeltaNet

/// What the explorer shows steps of: a model session (`ModelSource`, which can also be fed and
/// generate) or a model-free recording of a lesson or trace (`RecordingSource`). Everything the
/// screen asks of a source goes through here, by step ranges, so that a frame reads only the steps
/// it draws.
public protocol ExplorerSource: Sendable {
    /// Shown where the model name goes, e.g. "gdn-text" or "lesson interference".
    var name: String { get }
    /// A lesson's or trace's title.
    var title: String? { get }
    /// Steps (tokens) in the sequence.
    var count: Int { get }
    var layerCount: Int { get }
    /// What kind of layer `layer` is (what its panes can show).
    func layerKind(_ layer: Int) -> LayerKind
    /// Heads of `layer`: value heads of a Gated DeltaNet layer, query heads of an attention layer.
    func headCount(layer: Int) -> Int
    /// The rule the source's own memory follows.
    var rule: UpdateRule { get }
    /// The model, for a source that has one (it predicts, generates and can be fed).
    var model: GatedDeltaNetModel? { get }
    /// Next-token logits after the last step; nil for a source that does not predict.
    var nextLogits: [Float]? { get }
    /// The display pieces of the tokens at `range` (clamped to the sequence).
    func tokens(in range: Range<Int>) -> [Token]
    /// alpha and beta as the rule applies them, for every head of `layer` over `range`: [head][t].
    func gates(layer: Int, in range: Range<Int>) -> (alpha: [[Float]], beta: [[Float]])
    /// What the memory and update panes show of step `position`.
    func step(at position: Int) throws(ModelError) -> any ShownStep
    /// Every layer's rule inputs from a step at or before `first` through `last`, and where they start;
    /// nil for a layer with no rule (attention).
    func layerStreams(from first: Int, through last: Int) throws(ModelError) -> (start: Int, layers: [LayerStream?])
    /// The lesson's line for a step.
    func narration(at position: Int) -> String?
    /// Appends tokens (a model source only); `isCancelled` is asked between pieces of work.
    mutating func append(_ tokens: [Int], origin: TokenOrigin, progress: ((Int, Int) -> Void)?,
                         isCancelled: () -> Bool) throws(ModelError)
}

/// One step as the memory and update panes show it, for any layer and head.
public protocol ShownStep: Sendable {
    /// The memory after the step; nil on a layer without one.
    func state(layer: Int, head: Int) -> Matrix?
    func update(layer: Int, head: Int) -> StepUpdate?
    /// What an attention layer attended to at the step; nil on other layers.
    func attention(layer: Int) -> AttentionStep?
    /// Where the token went in the layer's mixture of experts; nil for a dense MLP.
    func experts(layer: Int) -> ExpertRouting?
    /// Next-token logits after the step; nil for a source that does not predict.
    var nextLogits: [Float]? { get }
}
