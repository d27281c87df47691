/// Where a sliding attention window begins at the cursor: tokens before `start` have left the window
/// of `layer` (W = `window` keys, the query's own included), so only a memory can still hold them.
public struct WindowEdge: Hashable, Sendable {
    /// The attention layer whose window this is.
    public var layer: Int
    public var window: Int
    /// The oldest token the window still holds, max(0, t - W + 1).
    public var start: Int

    public init(layer: Int, window: Int, cursor: Int) {
        self.layer = layer
        self.window = window
        start = max(0, cursor - window + 1)
    }

    /// Whether token `j` has left the window.
    public func hasLeft(_ j: Int) -> Bool { j < start }
}
