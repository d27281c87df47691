import Foundation
import TextEscaping

/// The validated contents of a safetensors header: every tensor's place in the data buffer
/// plus the free-form metadata. Everything the reader later trusts is checked here.
struct SafeTensorsHeader: Sendable {
    /// Largest header accepted, as in the reference implementation; guards against
    /// huge allocations from corrupt or hostile files.
    static let maximumLength = 100_000_000

    /// Tensors in order of data offset.
    let tensors: [TensorInfo]
    let metadata: [String: String]

    /// Parses the JSON header and checks it against a data buffer of `dataBufferSize` bytes.
    init(json: UnsafeRawBufferPointer, dataBufferSize: Int) throws {
        // Checked first so that bad encoding is told apart from bad syntax.
        guard String(validating: json, as: UTF8.self) != nil else {
            throw SafeTensorsError("header is not valid UTF-8")
        }
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: Data(json))
        } catch {
            throw SafeTensorsError("header is not valid JSON")
        }
        guard case .object(let entries) = root else {
            throw SafeTensorsError("header is not a JSON object (found \(root.kindName))")
        }

        var metadata: [String: String] = [:]
        var tensors: [TensorInfo] = []
        tensors.reserveCapacity(entries.count)
        for (name, entry) in entries {
            if name == "__metadata__" {
                metadata = try Self.parseMetadata(entry)
            } else {
                tensors.append(try Self.parseTensor(name, entry, dataBufferSize: dataBufferSize))
            }
        }

        tensors.sort {
            ($0.byteRange.lowerBound, $0.byteRange.upperBound, $0.name)
                < ($1.byteRange.lowerBound, $1.byteRange.upperBound, $1.name)
        }
        try Self.checkNoOverlap(tensors)
        self.tensors = tensors
        self.metadata = metadata
    }

    private static func parseMetadata(_ value: JSONValue) throws -> [String: String] {
        switch value {
        case .null:
            return [:]  // the reference implementation treats a null map as absent
        case .object(let entries):
            var metadata: [String: String] = [:]
            for (key, entry) in entries {
                guard case .string(let string) = entry else {
                    throw SafeTensorsError(
                        "__metadata__ value for key '\(ByteEscaping.escaped(key))' is \(entry.kindName), not a string")
                }
                metadata[key] = string
            }
            return metadata
        default:
            throw SafeTensorsError("__metadata__ is \(value.kindName), not an object")
        }
    }

    private static func parseTensor(
        _ name: String, _ value: JSONValue, dataBufferSize: Int
    ) throws -> TensorInfo {
        func failure(_ problem: String) -> SafeTensorsError {
            SafeTensorsError("tensor '\(ByteEscaping.escaped(name))': \(problem)")
        }
        guard case .object(let fields) = value else {
            throw failure("entry is \(value.kindName), not an object")
        }

        guard let dtypeValue = fields["dtype"] else { throw failure("missing \"dtype\"") }
        guard case .string(let dtypeName) = dtypeValue else {
            throw failure("\"dtype\" is \(dtypeValue.kindName), not a string")
        }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw failure("unknown dtype \"\(ByteEscaping.escaped(dtypeName))\"")
        }

        guard let shapeValue = fields["shape"] else { throw failure("missing \"shape\"") }
        guard case .array(let dimensionValues) = shapeValue else {
            throw failure("\"shape\" is \(shapeValue.kindName), not an array of integers")
        }
        var shape: [Int] = []
        shape.reserveCapacity(dimensionValues.count)
        for dimensionValue in dimensionValues {
            switch dimensionValue {
            case .integer(let dimension) where dimension < 0:
                throw failure("negative dimension \(dimension) in shape")
            case .integer(let dimension):
                shape.append(dimension)
            case .number(let number) where number.rounded() == number:
                // An integer beyond Int range.
                throw number < 0
                    ? failure("negative dimension \(number) in shape")
                    : failure("shape \(listDescription(dimensionValues)) is too large (element count overflows)")
            default:
                throw failure("\"shape\" contains \(dimensionValue.kindName), not only integers")
            }
        }
        guard let elementCount = TensorInfo.elementCount(of: shape) else {
            throw failure("shape \(shape) is too large (element count overflows)")
        }
        let (byteCount, byteOverflow) = elementCount.multipliedReportingOverflow(by: dtype.byteSize)
        guard !byteOverflow else {
            throw failure("shape \(shape) is too large (byte size overflows)")
        }

        guard let offsetsValue = fields["data_offsets"] else {
            throw failure("missing \"data_offsets\"")
        }
        guard case .array(let offsetValues) = offsetsValue, offsetValues.count == 2 else {
            throw failure("\"data_offsets\" is \(offsetsValue.kindName), not an array of two integers")
        }
        var offsets: [Int] = []
        for offsetValue in offsetValues {
            switch offsetValue {
            case .integer(let offset) where offset >= 0 && offset <= dataBufferSize:
                offsets.append(offset)
            case _ where offsetValue.isIntegral:
                throw failure(
                    "data_offsets \(listDescription(offsetValues)) out of range of the data buffer (\(dataBufferSize) bytes)")
            default:
                throw failure("\"data_offsets\" contains \(offsetValue.kindName), not only integers")
            }
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else {
            throw failure("data_offsets begin \(begin) is after end \(end)")
        }
        guard end - begin == byteCount else {
            throw failure(
                "shape \(shape) of \(dtype.rawValue) needs \(byteCount) bytes but data_offsets span \(end - begin)")
        }
        return TensorInfo(name: name, dtype: dtype, shape: shape, byteRange: begin..<end)
    }

    /// Rejects tensors sharing bytes; `tensors` is sorted by offset. Empty tensors
    /// occupy no bytes and overlap nothing. Gaps between tensors are tolerated.
    private static func checkNoOverlap(_ tensors: [TensorInfo]) throws {
        var furthest: TensorInfo?
        for tensor in tensors where !tensor.byteRange.isEmpty {
            if let previous = furthest, tensor.byteRange.lowerBound < previous.byteRange.upperBound {
                throw SafeTensorsError(
                    "tensors '\(ByteEscaping.escaped(previous.name))' \(rangeDescription(previous.byteRange)) and '\(ByteEscaping.escaped(tensor.name))' \(rangeDescription(tensor.byteRange)) overlap")
            }
            if tensor.byteRange.upperBound > furthest?.byteRange.upperBound ?? 0 {
                furthest = tensor
            }
        }
    }

    private static func rangeDescription(_ range: Range<Int>) -> String {
        "[\(range.lowerBound), \(range.upperBound)]"
    }

    /// Renders a JSON array of numbers as written, for messages about invalid shapes and offsets.
    private static func listDescription(_ values: [JSONValue]) -> String {
        let parts = values.map { value -> String in
            switch value {
            case .integer(let integer): String(integer)
            case .number(let number): String(format: "%.0f", number)
            default: value.kindName
            }
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }
}

extension JSONValue {
    /// Whether this is an integer, in `Int` range or not.
    fileprivate var isIntegral: Bool {
        switch self {
        case .integer: true
        case .number(let number): number.isFinite && number.rounded() == number
        default: false
        }
    }
}
