/// A value of the tokenizer file together with where it sits (`model.merges[3]`), so every refusal
/// names the field.
struct JSONField {
    let path: String
    let value: JSONValue

    init(path: String, value: JSONValue) {
        self.path = path
        self.value = value
    }

    func error(_ problem: String) -> TokenizerError { TokenizerError("\(path): \(problem)") }

    func expected(_ what: String) -> TokenizerError { error("expected \(what), found \(value.kindName)") }

    var isNull: Bool { if case .null = value { true } else { false } }

    /// The member `key` of an object; nil when absent. The last of repeated keys wins, as a map's would.
    func member(_ key: String) throws(TokenizerError) -> JSONField? {
        guard case .object(let entries) = value else { throw expected("an object") }
        let keyBytes = key.utf8
        guard let entry = entries.last(where: { $0.key.utf8.elementsEqual(keyBytes) }) else { return nil }
        return JSONField(path: path.isEmpty ? key : "\(path).\(key)", value: entry.value)
    }

    func required(_ key: String) throws(TokenizerError) -> JSONField {
        guard let field = try member(key) else { throw error("missing field \(key.quotedForMessage)") }
        return field
    }

    /// A member that may be absent or null.
    func optional(_ key: String) throws(TokenizerError) -> JSONField? {
        guard let field = try member(key), !field.isNull else { return nil }
        return field
    }

    func string() throws(TokenizerError) -> String {
        guard case .string(let text) = value else { throw expected("a string") }
        return text
    }

    func bool() throws(TokenizerError) -> Bool {
        guard case .bool(let flag) = value else { throw expected("true or false") }
        return flag
    }

    /// A whole number in 0...maximum.
    func int(maximum: Int = Int(Int32.max)) throws(TokenizerError) -> Int {
        guard case .number(let number) = value else { throw expected("a whole number") }
        guard number.rounded() == number, number >= 0, number <= Double(maximum) else {
            throw error("expected a whole number in 0...\(maximum), found \(number)")
        }
        return Int(number)
    }

    func array() throws(TokenizerError) -> [JSONField] {
        guard case .array(let elements) = value else { throw expected("an array") }
        return elements.enumerated().map { JSONField(path: "\(path)[\($0.offset)]", value: $0.element) }
    }

    func entries() throws(TokenizerError) -> [(key: String, value: JSONValue)] {
        guard case .object(let entries) = value else { throw expected("an object") }
        return entries
    }

    func optionalString(_ key: String) throws(TokenizerError) -> String? { try optional(key)?.string() }
    func optionalBool(_ key: String) throws(TokenizerError) -> Bool? { try optional(key)?.bool() }

    /// The `type` of a component (`{"type": "NFC"}`).
    func typeName() throws(TokenizerError) -> String { try required("type").string() }
}
