import TextEscaping

/// Turns text into token ids and back. The sample models are byte level; a subword tokenizer can
/// conform later without the session or the screen changing.
public protocol Tokenizer: Sendable {
    var vocabularySize: Int { get }
    func encode(_ text: String) -> [Int]
    /// Raw bytes, e.g. a prompt file that need not be valid UTF-8.
    func encode(bytes: [UInt8]) -> [Int]
    /// The raw bytes a token stands for.
    func bytes(of token: Int) -> [UInt8]
    /// A token as printable text for the screen: escaped, never raw control bytes.
    func display(_ token: Int) -> String
    /// The tokens a new sequence starts with (a BOS), before any text.
    var prefix: [Int] { get }
    /// Tokens that end a generation.
    var endOfSequence: Set<Int> { get }
}

extension Tokenizer {
    /// A text tokenizer reads bytes as UTF-8 (invalid sequences become U+FFFD).
    public func encode(bytes: [UInt8]) -> [Int] { encode(String(decoding: bytes, as: UTF8.self)) }

    /// The text of a token sequence; invalid UTF-8 becomes U+FFFD.
    public func decode(_ tokens: [Int]) -> String {
        String(decoding: tokens.flatMap { bytes(of: $0) }, as: UTF8.self)
    }

    /// A token as printable text: control bytes, invalid UTF-8 and backslashes escaped, never raw.
    public func display(_ token: Int) -> String { ByteEscaping.escaped(bytes(of: token)) }

    public var prefix: [Int] { [] }
    public var endOfSequence: Set<Int> { [] }
}

/// A model with no tokenizer files and a vocabulary that is not bytes: ids are shown as `#id`, and
/// typed text goes in as its UTF-8 bytes (ids below 256), what a byte-level model would read.
public struct IdentifierTokenizer: Tokenizer {
    public let vocabularySize: Int
    public init(vocabularySize: Int) { self.vocabularySize = vocabularySize }
    public func encode(_ text: String) -> [Int] { text.utf8.map(Int.init).filter { $0 < vocabularySize } }
    public func encode(bytes: [UInt8]) -> [Int] { bytes.map(Int.init).filter { $0 < vocabularySize } }
    public func bytes(of token: Int) -> [UInt8] { Array("#\(token)".utf8) }
    public func display(_ token: Int) -> String { "#\(token)" }
}

/// One token per UTF-8 byte (vocabulary 256), as the sample models are trained.
public struct ByteTokenizer: Tokenizer {
    public init() {}
    public var vocabularySize: Int { 256 }
    public func encode(_ text: String) -> [Int] { text.utf8.map(Int.init) }
    /// Every byte as it is: invalid UTF-8 and control bytes reach the model unchanged (and the screen escaped).
    public func encode(bytes: [UInt8]) -> [Int] { bytes.map(Int.init) }
    public func bytes(of token: Int) -> [UInt8] { (0..<256).contains(token) ? [UInt8(token)] : [] }
}
