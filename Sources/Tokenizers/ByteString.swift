/// A token spelled as UTF-8 bytes: the key of the vocabulary, the merges and the word cache.
/// Swift's `String` compares and hashes by canonical equivalence ("é" == "e\u{301}"), but a vocabulary
/// tells such spellings apart, so lookups go through the bytes.
struct ByteString: Hashable, Sendable {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(_ string: String) { bytes = Array(string.utf8) }
    init<S: Sequence<UInt8>>(_ bytes: S) { self.bytes = Array(bytes) }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: ByteString, b: ByteString) -> Bool { a.bytes == b.bytes }

    /// The text these bytes spell (they are valid UTF-8 wherever they come from a parsed file).
    var string: String { String(decoding: bytes, as: UTF8.self) }
}
