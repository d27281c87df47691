import TextEscaping

/// A parsed JSON value, decoded strictly: `true` is never a number and `1` never a boolean. The
/// safetensors header mixes tensor entries and `__metadata__` under one object, and a model config mixes
/// types too, so both are decoded generically and validated by hand to give precise errors.
public indirect enum JSONValue: Decodable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    /// A number that is an integer within `Int` range.
    case integer(Int)
    /// Any other number (fractional, or an integer beyond `Int` range).
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The value as it would read in JSON (objects abbreviated, strings escaped), for error messages.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .integer(let i): "\(i)"
        case .number(let d): "\(d)"
        case .string(let s): "\"\(ByteEscaping.escaped(s))\""
        case .array(let a): "[\(a.map(\.description).joined(separator: ", "))]"
        case .object: "{...}"
        }
    }

    /// The value as a Double when it is a number of either kind.
    public var numberValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    /// A short name for the value's kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
