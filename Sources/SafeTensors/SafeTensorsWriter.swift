import Foundation

/// Collects tensors and serializes them as a safetensors file, laid out in insertion order.
public struct SafeTensorsWriter: Sendable {
    private struct Entry: Sendable {
        let name: String
        let dtype: DType
        let shape: [Int]
        let bytes: [UInt8]
    }

    public var metadata: [String: String]
    private var entries: [Entry] = []
    private var names: Set<String> = []

    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// Adds float values stored as F32, or narrowed to F16/BF16 (round to nearest even).
    public mutating func add(_ name: String, floats: [Float], shape: [Int], as dtype: DType = .f32) throws {
        try check(name, count: floats.count, shape: shape)
        let bytes: [UInt8]
        switch dtype {
        case .f32: bytes = Self.encode(floats, as: UInt32.self) { $0.bitPattern }
        case .f16: bytes = Self.encode(floats, as: UInt16.self, HalfPrecision.halfBits(from:))
        case .bf16: bytes = Self.encode(floats, as: UInt16.self, BrainFloat.bits(from:))
        case .i32, .i64, .u8:
            throw SafeTensorsError(
                "tensor '\(name)': floats can be stored as F32, F16 or BF16, not \(dtype.rawValue)")
        }
        append(name, dtype, shape, bytes)
    }

    public mutating func add(_ name: String, int32s: [Int32], shape: [Int]) throws {
        try check(name, count: int32s.count, shape: shape)
        append(name, .i32, shape, Self.encode(int32s, as: Int32.self) { $0 })
    }

    public mutating func add(_ name: String, int64s: [Int64], shape: [Int]) throws {
        try check(name, count: int64s.count, shape: shape)
        append(name, .i64, shape, Self.encode(int64s, as: Int64.self) { $0 })
    }

    /// Adds a U8 tensor.
    public mutating func add(_ name: String, bytes: [UInt8], shape: [Int]) throws {
        try check(name, count: bytes.count, shape: shape)
        append(name, .u8, shape, bytes)
    }

    /// The complete file: header length, header JSON padded with spaces to a multiple
    /// of 8 bytes (as the Python library does, keeping the data buffer aligned), data.
    public func serialized() -> Data {
        var header = Array(headerJSON().utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        var file = Data()
        file.reserveCapacity(8 + header.count + entries.reduce(0) { $0 + $1.bytes.count })
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: header)
        for entry in entries {
            file.append(contentsOf: entry.bytes)
        }
        return file
    }

    public func write(to url: URL) throws {
        do {
            try serialized().write(to: url, options: .atomic)
        } catch {
            throw SafeTensorsError("cannot write \(url.lastPathComponent): \(error.localizedDescription)")
        }
    }

    private mutating func append(_ name: String, _ dtype: DType, _ shape: [Int], _ bytes: [UInt8]) {
        entries.append(Entry(name: name, dtype: dtype, shape: shape, bytes: bytes))
        names.insert(name)
    }

    private func check(_ name: String, count: Int, shape: [Int]) throws {
        guard name != "__metadata__" else {
            throw SafeTensorsError("tensor name '__metadata__' is reserved for metadata")
        }
        guard !names.contains(name) else {
            throw SafeTensorsError("tensor '\(name)' was already added")
        }
        if let dimension = shape.first(where: { $0 < 0 }) {
            throw SafeTensorsError("tensor '\(name)': negative dimension \(dimension) in shape \(shape)")
        }
        guard let elementCount = TensorInfo.elementCount(of: shape) else {
            throw SafeTensorsError("tensor '\(name)': shape \(shape) is too large (element count overflows)")
        }
        guard elementCount == count else {
            throw SafeTensorsError(
                "tensor '\(name)': shape \(shape) has \(elementCount) elements but \(count) values were given")
        }
    }

    private func headerJSON() -> String {
        var fields: [String] = []
        if !metadata.isEmpty {
            // Sorted so the same writer always produces the same bytes.
            let pairs = metadata.sorted { $0.key < $1.key }
                .map { "\(Self.quoted($0.key)):\(Self.quoted($0.value))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for entry in entries {
            let shape = entry.shape.map(String.init).joined(separator: ",")
            let end = offset + entry.bytes.count
            fields.append(
                "\(Self.quoted(entry.name)):{\"dtype\":\"\(entry.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}"
            )
            offset = end
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A JSON string literal; escapes quotes, backslashes and control characters.
    private static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Stores each value's little-endian bit pattern, in one pass over a fresh buffer.
    private static func encode<Value, Stored: FixedWidthInteger>(
        _ values: [Value], as _: Stored.Type, _ pattern: (Value) -> Stored
    ) -> [UInt8] {
        let size = MemoryLayout<Stored>.size
        return [UInt8](unsafeUninitializedCapacity: values.count * size) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: pattern(value).littleEndian, toByteOffset: index * size, as: Stored.self)
            }
            initialized = values.count * size
        }
    }
}
