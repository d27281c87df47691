/// A parsed JSON document. Objects keep their keys in file order (a vocabulary is an object of 248k
/// entries that is walked, never searched by key; small objects are searched by a linear scan).
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// What a field holds, for "expected a string, found an array" messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
