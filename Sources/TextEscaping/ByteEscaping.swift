/// Shows bytes safely on a terminal: printable ASCII as is, common controls as \n \t \r, other bytes
/// as \xNN. Valid multi-byte UTF-8 sequences are kept when asked for.
public enum ByteEscaping {
    /// Text from a file or the command line, safe to print in a one-line message: printable
    /// characters kept, control characters and backslashes escaped.
    public static func escaped(_ text: String) -> String { escaped(Array(text.utf8), keepUTF8: true) }

    /// Whether a character may go to a terminal as it is: no control, format or unassigned scalar.
    public static func isPrintable(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy {
            $0.value >= 0x20 && !$0.properties.generalCategory.isControlOrFormat
        }
    }

    /// `text` with only its unprintable characters escaped (backslashes kept): for the last step before
    /// a terminal, where text may already hold escapes made by `escaped`.
    public static func escapingControls(_ text: String) -> String {
        if text.allSatisfy(isPrintable) { return text }
        return text.map { isPrintable($0) ? String($0) : escaped(Array(String($0).utf8)) }.joined()
    }

    public static func escaped(_ bytes: [UInt8], keepUTF8: Bool = false) -> String {
        if keepUTF8 {
            // Keep valid printable scalars, escape the rest byte by byte.
            var out = ""
            var i = 0
            while i < bytes.count {
                let length = utf8Length(bytes[i])
                if length > 1, i + length <= bytes.count,
                   let s = String(validating: bytes[i..<i + length], as: UTF8.self),
                   s.unicodeScalars.allSatisfy({ !$0.properties.generalCategory.isControlOrFormat }) {
                    out += s
                    i += length
                } else {
                    out += escaped(byte: bytes[i])
                    i += 1
                }
            }
            return out
        }
        return bytes.map(escaped(byte:)).joined()
    }

    public static func escaped(byte b: UInt8) -> String {
        switch b {
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x0D: return "\\r"
        case 0x00: return "\\0"
        case 0x5C: return "\\\\"
        case 0x20..<0x7F: return String(UnicodeScalar(b))
        default:
            let hex = String(b, radix: 16)
            return "\\x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }

    private static func utf8Length(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 1
        }
    }
}

extension Unicode.GeneralCategory {
    var isControlOrFormat: Bool {
        switch self {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: true
        default: false
        }
    }
}
