/// The element types this module reads and writes, spelled as in the safetensors header.
public enum DType: String, Sendable, CaseIterable {
    case f32 = "F32", f16 = "F16", bf16 = "BF16", i32 = "I32", i64 = "I64", u8 = "U8"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .f32, .i32: 4
        case .f16, .bf16: 2
        case .i64: 8
        case .u8: 1
        }
    }

    /// Whether the dtype holds floating-point values.
    var isFloatingPoint: Bool {
        switch self {
        case .f32, .f16, .bf16: true
        case .i32, .i64, .u8: false
        }
    }
}
