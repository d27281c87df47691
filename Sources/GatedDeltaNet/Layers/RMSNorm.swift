/// x / sqrt(mean(x^2) + eps) * weight, over each row of `weight.count` values.
public struct RMSNorm: Sendable {
    public let weight: [Float]
    public let eps: Float

    public init(weight: [Float], eps: Float) {
        self.weight = weight
        self.eps = eps
    }

    init(_ weights: ParameterLoader, _ parameter: ModelParameter, width: Int, eps: Float) throws(ModelError) {
        self.init(weight: try weights.tensor(parameter, shape: [width]), eps: eps)
    }

    /// In place, `rows` rows of width `weight.count`.
    public func normalize(_ x: UnsafeMutablePointer<Float>, rows: Int) {
        let n = weight.count
        weight.withUnsafeBufferPointer { weight in
            for start in stride(from: 0, to: rows * n, by: n) {
                var sumOfSquares: Float = 0
                for i in start..<start + n { sumOfSquares += x[i] * x[i] }
                let inverse = 1 / (sumOfSquares / Float(n) + eps).squareRoot()
                for i in 0..<n { x[start + i] = x[start + i] * inverse * weight[i] }
            }
        }
    }
}
