/// A decoder block's position-wise MLP: one of several kinds (a mixture of experts next).
public enum FeedForward: Sendable {
    case swiGLU(SwiGLUMLP)
    case mixtureOfExperts(MixtureOfExperts)

    var scratchPerRow: Int {
        switch self {
        case .swiGLU(let mlp): mlp.scratchPerRow
        case .mixtureOfExperts(let moe): moe.scratchPerRow
        }
    }

    /// Floats per row it leaves for the caller (a mixture's routing).
    var retainedPerRow: Int {
        switch self {
        case .swiGLU: 0
        case .mixtureOfExperts(let moe): moe.retainedPerRow
        }
    }

    func apply(_ x: UnsafePointer<Float>, rows: Int, scratch: UnsafeMutablePointer<Float>, retained: UnsafeMutablePointer<Float>,
               into y: UnsafeMutablePointer<Float>) {
        switch self {
        case .swiGLU(let mlp): mlp.apply(x, rows: rows, scratch: scratch, into: y)
        case .mixtureOfExperts(let moe): moe.apply(x, rows: rows, scratch: scratch, retained: retained, into: y)
        }
    }
}
