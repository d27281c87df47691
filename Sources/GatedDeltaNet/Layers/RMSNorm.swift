/// x / sqrt(mean(x^2) + eps) * weight, over each row of `weight.count` values.
public struct RMSNorm: Sendable {
    public let weight: [Float]
    public let eps: Float

    public init(weight: [Float], eps: Float) {
        self.weight = weight
        self.eps = eps
    }

    init(_ store: WeightStore, _ name: String, width: Int, eps: Float) throws(ModelError) {
        self.init(weight: try store.tensor(name, shape: [width]), eps: eps)
    }

    public func callAsFunction(_ x: [Float]) -> [Float] {
        var y = x
        normalizeRows(&y)
        return y
    }

    /// In place, each row of width `weight.count`.
    public func normalizeRows(_ x: inout [Float]) {
        let rows = x.count / weight.count
        x.withUnsafeMutableBufferPointer { normalize($0.baseAddress!, rows: rows) }
    }

    /// In place on caller-owned memory, `rows` rows of width `weight.count`.
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
