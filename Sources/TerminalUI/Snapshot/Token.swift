import TextEscaping

/// Where a token came from: typed by the user (or the prompt) or sampled by the model.
public enum TokenOrigin: Hashable, Sendable {
    case user
    case generated
}

/// One token of the sequence as the screen shows it: the tokenizer's id and its piece of text,
/// already escaped (`tokenizer.display(id)`: `\n`, `a`, `\xe2`), or a named step of a lesson or trace.
public struct Token: Hashable, Sendable {
    /// The tokenizer's id; nil for a named step (a lesson's "cat:red"), which no tokenizer made.
    public var id: Int?
    /// The text shown for it, printable (never a raw control byte).
    public var piece: String
    public var origin: TokenOrigin

    public init(id: Int, piece: String, origin: TokenOrigin) {
        self.id = id
        self.piece = piece
        self.origin = origin
    }

    /// A byte-level token: the byte tokenizer's id and piece.
    public init(byte: UInt8, origin: TokenOrigin) {
        self.init(id: Int(byte), piece: ByteEscaping.escaped(byte: byte), origin: origin)
    }

    /// A step known only by its text: a lesson step ("cat:red") or a trace token.
    public init(label: String) {
        id = nil
        piece = label
        origin = .user
    }

    /// Whether this is a named step rather than a tokenizer's token.
    public var isNamedStep: Bool { id == nil }

    /// Named steps get a trailing space so neighbouring steps stay apart; pieces join as the text does.
    public var displayText: String { isNamedStep ? piece + " " : piece }
}
