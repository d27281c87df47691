import Foundation

/// A weight matrix [rows, columns] in the precision the checkpoint stores it: fp32, or bf16 kept as
/// bf16, which halves the memory of a large model and the traffic that bounds its token step (the
/// kernels widen it in registers, `BFloat16Products`).
public enum WeightMatrix: Sendable {
    case float32([Float])
    /// bf16 bits, little-endian, row-major: a slice of the memory-mapped file, or a copy where a
    /// transform had to gather rows from several places.
    case bfloat16(Data)

    /// Bytes held.
    public var byteCount: Int {
        switch self {
        case .float32(let w): 4 * w.count
        case .bfloat16(let d): d.count
        }
    }
}
