/// How the heatmap maps values to colours: the colour bar spans [-scale, +scale].
public enum ScaleMode: Hashable, Sendable {
    /// max |x| of the matrix on screen, recomputed every frame.
    case auto
    /// An automatic scale frozen at the moment of locking, so frames can be compared.
    case locked(Float)
    /// A value the user typed (`:scale 0.5`).
    case fixed(Float)

    /// The scale to use for a matrix whose max |x| is `automatic`.
    public func resolve(automatic: Float) -> Float {
        switch self {
        case .auto: automatic
        case .locked(let value), .fixed(let value): value
        }
    }

    public var label: String {
        switch self {
        case .auto: "auto"
        case .locked: "locked"
        case .fixed: "fixed"
        }
    }
}
