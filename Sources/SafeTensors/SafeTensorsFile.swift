import Foundation
import TextEscaping

/// A safetensors file held in memory (mapped when read from disk), with its header
/// validated up front so that reading a tensor can only fail on a dtype mismatch.
public struct SafeTensorsFile: Sendable {
    /// The whole file; may be a slice, so it is only accessed through `withUnsafeBytes`.
    private let data: Data
    /// Offset of the data buffer within `data`'s bytes.
    private let dataBufferStart: Int
    private let tensors: [TensorInfo]
    private let indexByName: [String: Int]

    public let metadata: [String: String]

    /// Reads the file at `url`, memory-mapped so large checkpoints are paged in lazily.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw SafeTensorsError("cannot read \(ByteEscaping.escaped(url.lastPathComponent)): \(error.localizedDescription)")
        }
        try self.init(data: data)
    }

    public init(data: Data) throws {
        let (start, header) = try data.withUnsafeBytes { raw -> (Int, SafeTensorsHeader) in
            guard raw.count >= 8 else {
                throw SafeTensorsError(
                    "file is too short (\(raw.count) bytes) to hold the 8-byte header length")
            }
            // Compared as UInt64 first: a corrupt length such as 2^64-1 must not reach Int.
            let declaredLength = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            guard declaredLength <= UInt64(SafeTensorsHeader.maximumLength) else {
                throw SafeTensorsError(
                    "header length \(declaredLength) exceeds the limit of \(SafeTensorsHeader.maximumLength) bytes")
            }
            let headerLength = Int(declaredLength)
            guard headerLength <= raw.count - 8 else {
                throw SafeTensorsError(
                    "header length \(headerLength) runs past the end of the file (\(raw.count) bytes)")
            }
            let start = 8 + headerLength
            let json = UnsafeRawBufferPointer(rebasing: raw[8..<start])
            return (start, try SafeTensorsHeader(json: json, dataBufferSize: raw.count - start))
        }
        self.data = data
        self.dataBufferStart = start
        self.tensors = header.tensors
        self.metadata = header.metadata
        self.indexByName = Dictionary(
            uniqueKeysWithValues: header.tensors.enumerated().map { ($1.name, $0) })
    }

    /// Tensor names in order of data offset.
    public var tensorNames: [String] { tensors.map(\.name) }

    public func info(_ name: String) -> TensorInfo? {
        indexByName[name].map { tensors[$0] }
    }

    public func contains(_ name: String) -> Bool {
        indexByName[name] != nil
    }

    /// Values as Float: F16 and BF16 are widened exactly; integers are converted
    /// (I32 and I64 values beyond 2^24 lose precision).
    public func floats(_ name: String) throws -> [Float] {
        let tensor = try lookUp(name)
        switch tensor.dtype {
        case .f32:
            return read(tensor) { raw, count in
                // Little-endian hosts hold F32 exactly as stored: a plain copy.
                #if _endian(little)
                    [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                        UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
                        initialized = count
                    }
                #else
                    convert(raw, count: count) { Float(bitPattern: $0.loadLittleEndian(UInt32.self, at: $1)) }
                #endif
            }
        case .f16:
            return read(tensor) { raw, count in
                convert(raw, count: count) {
                    HalfPrecision.float(fromHalfBits: $0.loadLittleEndian(UInt16.self, at: $1))
                }
            }
        case .bf16:
            return read(tensor) { raw, count in
                convert(raw, count: count) { BrainFloat.float(fromBits: $0.loadLittleEndian(UInt16.self, at: $1)) }
            }
        case .i32:
            return read(tensor) { raw, count in
                convert(raw, count: count) { Float($0.loadLittleEndian(Int32.self, at: $1)) }
            }
        case .i64:
            return read(tensor) { raw, count in
                convert(raw, count: count) { Float($0.loadLittleEndian(Int64.self, at: $1)) }
            }
        case .u8:
            return read(tensor) { raw, count in convert(raw, count: count) { Float($0[$1]) } }
        }
    }

    /// Values of an I32, I64 (each checked to fit) or U8 tensor as Int32.
    public func int32s(_ name: String) throws -> [Int32] {
        let tensor = try lookUp(name)
        switch tensor.dtype {
        case .i32:
            return read(tensor) { raw, count in
                convert(raw, count: count) { $0.loadLittleEndian(Int32.self, at: $1) }
            }
        case .i64:
            return try int64s(name).enumerated().map { index, value in
                guard let narrowed = Int32(exactly: value) else {
                    throw SafeTensorsError(
                        "tensor '\(ByteEscaping.escaped(name))': I64 value \(value) at index \(index) does not fit in Int32")
                }
                return narrowed
            }
        case .u8:
            return read(tensor) { raw, count in convert(raw, count: count) { Int32($0[$1]) } }
        case .f32, .f16, .bf16:
            throw SafeTensorsError(
                "tensor '\(ByteEscaping.escaped(name))' has dtype \(tensor.dtype.rawValue); int32s needs I32, I64 or U8")
        }
    }

    /// Values of an I64, I32 or U8 tensor as Int64.
    public func int64s(_ name: String) throws -> [Int64] {
        let tensor = try lookUp(name)
        switch tensor.dtype {
        case .i64:
            return read(tensor) { raw, count in
                convert(raw, count: count) { $0.loadLittleEndian(Int64.self, at: $1) }
            }
        case .i32:
            return read(tensor) { raw, count in
                convert(raw, count: count) { Int64($0.loadLittleEndian(Int32.self, at: $1)) }
            }
        case .u8:
            return read(tensor) { raw, count in convert(raw, count: count) { Int64($0[$1]) } }
        case .f32, .f16, .bf16:
            throw SafeTensorsError(
                "tensor '\(ByteEscaping.escaped(name))' has dtype \(tensor.dtype.rawValue); int64s needs I64, I32 or U8")
        }
    }

    /// The stored bytes of any tensor, unconverted (little-endian, row-major).
    public func bytes(_ name: String) throws -> [UInt8] {
        let tensor = try lookUp(name)
        return read(tensor) { raw, _ in [UInt8](raw) }
    }

    /// The stored bytes of a tensor as a slice of the file's (memory-mapped) data, not copied: what a
    /// kernel reads bf16 weights from in place.
    public func storedData(_ name: String) throws -> Data {
        let tensor = try lookUp(name)
        let start = data.startIndex + dataBufferStart + tensor.byteRange.lowerBound
        return data[start..<start + tensor.byteRange.count]
    }

    private func lookUp(_ name: String) throws -> TensorInfo {
        guard let tensor = info(name) else {
            throw SafeTensorsError("no tensor named '\(ByteEscaping.escaped(name))'")
        }
        return tensor
    }

    /// Hands `body` the tensor's bytes and element count. The range was validated on load.
    private func read<Result>(
        _ tensor: TensorInfo, _ body: (UnsafeRawBufferPointer, Int) -> Result
    ) -> Result {
        data.withUnsafeBytes { raw in
            let start = dataBufferStart + tensor.byteRange.lowerBound
            let bytes = UnsafeRawBufferPointer(rebasing: raw[start..<(start + tensor.byteRange.count)])
            return body(bytes, tensor.elementCount)
        }
    }
}

/// Builds an array by converting each element of a raw buffer in one tight loop;
/// `element(raw, byteOffset)` for i-th element is called with `i * stride`.
@inline(__always)
private func convert<Element>(
    _ raw: UnsafeRawBufferPointer, count: Int,
    _ element: (UnsafeRawBufferPointer, Int) -> Element
) -> [Element] {
    guard count > 0 else { return [] }
    let stride = raw.count / count
    return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
        for index in 0..<count {
            buffer.initializeElement(at: index, to: element(raw, index &* stride))
        }
        initialized = count
    }
}

extension UnsafeRawBufferPointer {
    /// Loads a little-endian integer at any alignment (tensor offsets need not be aligned).
    @inline(__always)
    fileprivate func loadLittleEndian<Value: FixedWidthInteger>(_: Value.Type, at offset: Int) -> Value {
        Value(littleEndian: loadUnaligned(fromByteOffset: offset, as: Value.self))
    }
}
