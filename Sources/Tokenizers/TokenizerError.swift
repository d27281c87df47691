/// Why a tokenizer file was refused: one line that names the file (when known) and the field, e.g.
/// `tokenizer.json: model.merges[12]: "a b" names a token that is not in model.vocab`.
public struct TokenizerError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// The same error with the file name in front.
    func inFile(_ name: String) -> TokenizerError { TokenizerError("\(name): \(message)") }
}

extension String {
    /// A short, one-line, printable rendering of text taken from a file, for error messages: control
    /// characters escaped and long values cut, so a message never carries a raw newline or escape.
    var quotedForMessage: String {
        var out = "\""
        var count = 0
        for scalar in unicodeScalars {
            count += 1
            if count > 60 { out += "…"; break }
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
