/// Where a token came from: typed by the user (or the prompt) or sampled by the model.
public enum TokenOrigin: Hashable, Sendable {
    case user
    case generated
}

/// One byte-level token of the sequence.
public struct Token: Hashable, Sendable {
    public var byte: UInt8
    public var origin: TokenOrigin

    public init(byte: UInt8, origin: TokenOrigin) {
        self.byte = byte
        self.origin = origin
    }

    /// The byte as text that is safe to put on a terminal: printable ASCII as itself, the usual
    /// escapes for \n \t \r \0, and \xNN for every other byte. Raw control bytes would move the
    /// cursor or change terminal modes, and lone UTF-8 bytes are not characters.
    public static func displayText(for byte: UInt8) -> String {
        switch byte {
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x0D: return "\\r"
        case 0x00: return "\\0"
        case 0x5C: return "\\\\"
        case 0x20...0x7E: return String(UnicodeScalar(byte))
        default:
            let hex = String(byte, radix: 16)
            return "\\x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }

    public var displayText: String { Self.displayText(for: byte) }
}
