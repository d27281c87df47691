import Foundation

/// Rotary position embedding, NeoX style (rotate halves): for each head, the first `dimensions`
/// values are rotated by angles that grow with the position p, the rest left as they are. For
/// c < n/2, n = dimensions, a = p * theta^(-2c / n):
///
///     x'[c]       = x[c] cos a - x[c + n/2] sin a
///     x'[c + n/2] = x[c] sin a + x[c + n/2] cos a
public struct Rotary: Sendable, Hashable {
    public let headDim: Int
    /// How many leading values of a head are rotated (even; headDim for a full rotary).
    public let dimensions: Int
    public let theta: Double

    public init(headDim: Int, dimensions: Int? = nil, theta: Double) {
        self.headDim = headDim
        self.dimensions = dimensions ?? headDim
        self.theta = theta
    }

    /// In place on `rows` rows of `heads` heads each, the rows at positions first, first + 1, ...
    public func apply(_ x: UnsafeMutablePointer<Float>, rows: Int, heads: Int, firstPosition first: Int) {
        let half = dimensions / 2
        // Angles in Float64: positions reach 1e5 and beyond, where fp32 angles lose the fine rotations.
        let inverseFrequencies = (0..<half).map { Foundation.pow(theta, -2 * Double($0) / Double(dimensions)) }
        for r in 0..<rows {
            let p = Double(first + r)
            for c in 0..<half {
                let angle = p * inverseFrequencies[c]
                let (cosine, sine) = (Float(Foundation.cos(angle)), Float(Foundation.sin(angle)))
                for h in 0..<heads {
                    let base = x + (r * heads + h) * headDim
                    let (a, b) = (base[c], base[c + half])
                    base[c] = a * cosine - b * sine
                    base[c + half] = a * sine + b * cosine
                }
            }
        }
    }
}
