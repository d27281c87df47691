import GatedDeltaNet
import TextEscaping

/// Where a token came from: typed by the user (or the prompt) or sampled by the model.
public enum TokenOrigin: Hashable, Sendable {
    case user
    case generated
}

/// One byte-level token of the sequence.
public struct Token: Hashable, Sendable {
    public var byte: UInt8
    public var origin: TokenOrigin
    /// A lesson step's or another tokenizer's text, shown instead of the byte (already escaped).
    public var label: String?

    public init(byte: UInt8, origin: TokenOrigin) {
        self.byte = byte
        self.origin = origin
    }

    /// A token known only by its text: a lesson step ("cat:red") or a trace token.
    public init(label: String) {
        byte = 0
        origin = .user
        self.label = label
    }

    /// The byte as text that is safe to put on a terminal: printable ASCII as itself, the usual
    /// escapes for \n \t \r \0, and \xNN for every other byte. Raw control bytes would move the
    /// cursor or change terminal modes, and lone UTF-8 bytes are not characters.
    /// Printable ASCII as is; control bytes and non-ASCII bytes escaped (`\\n`, `\\x1b`), never raw.
    public static func displayText(for byte: UInt8) -> String { ByteEscaping.escaped(byte: byte) }

    /// Labels get a trailing space so neighbouring steps stay apart.
    public var displayText: String { label.map { $0 + " " } ?? Self.displayText(for: byte) }
}
