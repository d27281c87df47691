/// Where one tensor lives in a file and how to interpret it.
public struct TensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: DType
    public let shape: [Int]
    /// Byte range within the data buffer (which starts right after the header).
    public let byteRange: Range<Int>

    /// Number of elements. Derived from the byte range, which the reader has checked
    /// against the shape, so it cannot overflow.
    public var elementCount: Int { byteRange.count / dtype.byteSize }

    /// The product of `shape`, or nil if a dimension is negative or the product overflows.
    static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
}
