import Foundation
import GatedDelta

/// y = x W^T, with W [out, in] as PyTorch's nn.Linear stores it (no bias in this model), in its stored
/// precision: fp32 through OpenBLAS sgemm, bf16 through `BFloat16Products` (a matrix-vector product for
/// one token, widened blocks and sgemm for many).
public struct Linear: Sendable {
    public let weight: WeightMatrix
    public let inFeatures: Int
    public let outFeatures: Int

    public init(weight: [Float], inFeatures: Int, outFeatures: Int) {
        precondition(weight.count == inFeatures * outFeatures, "Linear: weight size")
        self.weight = .float32(weight)
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
    }

    init(_ weights: ParameterLoader, _ parameter: ModelParameter, in inFeatures: Int, out outFeatures: Int) throws(ModelError) {
        weight = try weights.matrix(parameter, shape: [outFeatures, inFeatures])
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
    }

    /// x [rows, in] -> y [rows, out].
    public func apply(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        switch weight {
        case .float32(let w):
            w.withUnsafeBufferPointer { wb in
                BLAS.gemm(rows, outFeatures, inFeatures, x, lda: inFeatures,
                          wb.baseAddress!, ldb: inFeatures, transposeB: true, y, ldc: outFeatures)
            }
        case .bfloat16(let bits):
            bits.withUnsafeBytes { raw in
                guard rows > 1 else {
                    BFloat16Products.matrixVector(raw.baseAddress!, rows: outFeatures, columns: inFeatures, x, into: y)
                    return
                }
                withUnsafeTemporaryAllocation(of: Float.self, capacity: BFloat16Products.blockRows * inFeatures) { scratch in
                    BFloat16Products.matrixMatrix(x, m: rows, raw.baseAddress!, rows: outFeatures, columns: inFeatures,
                                                  into: y, scratch: scratch.baseAddress!)
                }
            }
        }
    }

    /// Row r of W into `target` (in floats): an embedding lookup.
    func row(_ r: Int, into target: UnsafeMutablePointer<Float>) {
        switch weight {
        case .float32(let w):
            w.withUnsafeBufferPointer { target.update(from: $0.baseAddress! + r * inFeatures, count: inFeatures) }
        case .bfloat16(let bits):
            bits.withUnsafeBytes { BFloat16Products.widen($0.baseAddress! + r * inFeatures * 2, count: inFeatures, into: target) }
        }
    }
}
