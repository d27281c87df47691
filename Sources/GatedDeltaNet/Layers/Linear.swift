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

    init(_ weights: ParameterLoader, _ parameter: ModelParameter, in inFeatures: Int, out outFeatures: Int) throws(ModelError) {
        self.init(weight: try weights.tensor(parameter, shape: [outFeatures, inFeatures]),
                  inFeatures: inFeatures, outFeatures: outFeatures)
    }

    /// x [rows, in] -> y [rows, out]: one GEMM, or a GEMV-shaped one for a single token.
    public func apply(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        weight.withUnsafeBufferPointer { wb in
            BLAS.gemm(rows, outFeatures, inFeatures, x, lda: inFeatures,
                      wb.baseAddress!, ldb: inFeatures, transposeB: true, y, ldc: outFeatures)
        }
    }
}
