import GatedDelta

/// A model-free source for the teaching views: every layer's rule inputs over a fixed sequence, a
/// label per step for the token strip and, for lessons, a line of narration per step. Made from a
/// lesson file (`Lesson`) or a trace file (`Recording.load(trace:)`).
public struct Recording: Sendable {
    /// Shown where the model name would be, e.g. "lesson interference" or the trace's file name.
    public let name: String
    public let title: String
    public let layers: [LayerStream]
    /// One short label per step.
    public let labels: [String]
    /// One line per step; empty for traces.
    public let narration: [String]

    public init(name: String, title: String, layers: [LayerStream], labels: [String], narration: [String] = []) {
        precondition(!layers.isEmpty && layers.allSatisfy { $0.length == labels.count },
                     "Recording: every layer needs one step per label")
        self.name = name
        self.title = title
        self.layers = layers
        self.labels = labels
        self.narration = narration
    }

    public var length: Int { labels.count }
    public var rule: UpdateRule { layers[0].options.rule }
}
