import GatedDelta

/// y = x W^T, with W [out, in] as PyTorch's nn.Linear stores it (no bias in this model).
public struct Linear: Sendable {
    public let weight: [Float]
    public let inFeatures: Int
    public let outFeatures: Int

    public init(weight: [Float], inFeatures: Int, outFeatures: Int) {
        precondition(weight.count == inFeatures * outFeatures, "Linear: weight size")
        self.weight = weight
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
    }

    init(_ store: WeightStore, _ name: String, in inFeatures: Int, out outFeatures: Int) throws(ModelError) {
        self.init(weight: try store.tensor(name, shape: [outFeatures, inFeatures]),
                  inFeatures: inFeatures, outFeatures: outFeatures)
    }

    /// x [rows, in] -> [rows, out]
    public func callAsFunction(_ x: [Float], rows: Int) -> [Float] {
        var y = [Float](repeating: 0, count: rows * outFeatures)
        x.withUnsafeBufferPointer { xb in y.withUnsafeMutableBufferPointer { yb in
            apply(xb.baseAddress!, rows: rows, into: yb.baseAddress!)
        }}
        return y
    }

    /// x [rows, in] -> y [rows, out] on caller-owned memory.
    public func apply(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        weight.withUnsafeBufferPointer { wb in
            BLAS.gemm(rows, outFeatures, inFeatures, x, lda: inFeatures,
                      wb.baseAddress!, ldb: inFeatures, transposeB: true, y, ldc: outFeatures)
        }
    }
}
