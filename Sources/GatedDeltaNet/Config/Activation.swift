import Foundation

/// The elementwise activations fla's GatedDeltaNet configs name.
public enum Activation: String, Sendable, Codable {
    case silu
    case sigmoid

    /// fla's names: "swish" and "silu" are the same function.
    init?(configName: String) {
        switch configName {
        case "swish", "silu": self = .silu
        case "sigmoid": self = .sigmoid
        default: return nil
        }
    }

    @inline(__always)
    public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .silu: GatedDeltaNet.silu(x)
        case .sigmoid: GatedDeltaNet.sigmoid(x)
        }
    }
}

@inline(__always) func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }

@inline(__always) func silu(_ x: Float) -> Float { x / (1 + Foundation.exp(-x)) }

/// log(1 + e^x), without overflow for large x (PyTorch returns x itself past 20).
@inline(__always) func softplus(_ x: Float) -> Float { x > 20 ? x : Foundation.log1p(Foundation.exp(x)) }
