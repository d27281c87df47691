/// Decoding one id at a time for a live display (HF `DecodeStream`): each step decodes the ids since
/// the last emitted prefix and returns only new text, and nothing while the text ends in U+FFFD (half a
/// character) or has not grown. So the screen never shows half a UTF-8 character and a SentencePiece
/// "▁" turns into its space only once the next token shows it is not at the start.
public struct DecodeStream: Sendable {
    public let tokenizer: HFTokenizer
    public let skipSpecialTokens: Bool
    private var ids: [Int] = []
    private var prefix: [UInt8] = []
    private var prefixIndex = 0

    public init(tokenizer: HFTokenizer, skipSpecialTokens: Bool = false) {
        self.tokenizer = tokenizer
        self.skipSpecialTokens = skipSpecialTokens
    }

    /// Feeds one id; the text it adds, or nil when it adds none yet.
    public mutating func step(_ id: Int) -> String? {
        if prefix.isEmpty && !ids.isEmpty {
            let newPrefix = Array(tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens).utf8)
            if !Self.endsWithReplacement(newPrefix) {
                prefix = newPrefix
                prefixIndex = ids.count
            }
        }
        ids.append(id)
        let string = Array(tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens).utf8)
        guard string.count > prefix.count, !Self.endsWithReplacement(string) else { return nil }
        // HF fails the step when the text no longer starts with what was shown (a decoder that rewrites
        // earlier text); here the step yields nothing and the state stays as it is.
        guard string.starts(with: prefix) else { return nil }
        let newText = String(decoding: string[prefix.count...], as: UTF8.self)
        let newPrefixIndex = ids.count - prefixIndex
        ids.removeFirst(min(prefixIndex, ids.count))
        prefix = Array(tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens).utf8)
        prefixIndex = newPrefixIndex
        return newText
    }

    private static func endsWithReplacement(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[bytes.count - 3] == 0xEF && bytes[bytes.count - 2] == 0xBF && bytes[bytes.count - 1] == 0xBD
    }
}
