import Foundation
import TextEscaping
import Tokenizers

/// A checkpoint's Hugging Face `tokenizer.json` (BPE: Llama/Mistral SentencePiece with byte fallback,
/// Qwen's byte-level BPE) as the model's tokenizer. Typed text is encoded without special tokens; a
/// new sequence starts with `prefix` (the BOS the tokenizer's template or tokenizer_config.json asks for).
public struct SubwordTokenizer: Tokenizer {
    public let tokenizer: HFTokenizer
    public let prefix: [Int]
    public let endOfSequence: Set<Int>

    /// Reads `tokenizer.json` in `directory`, with `tokenizer_config.json`'s `add_bos_token` and
    /// `generation_config.json`'s `eos_token_id` where present.
    public init(directory: URL) throws(ModelError) {
        let url = directory.appendingPathComponent("tokenizer.json")
        let tokenizer: HFTokenizer
        do { tokenizer = try HFTokenizer(contentsOf: url) } catch {
            throw ModelError(ByteEscaping.escaped(error.message))
        }
        self.tokenizer = tokenizer
        let settings = Self.json(directory.appendingPathComponent("tokenizer_config.json"))
        let addsBOS = settings?["add_bos_token"] as? Bool
        switch (addsBOS, tokenizer.bosTokenID) {
        case (false, _), (nil, nil): prefix = []
        case (_, let bos?): prefix = [bos]
        case (true, nil):
            let name = settings?["bos_token"] as? String
            prefix = name.flatMap { tokenizer.id(for: $0) }.map { [$0] } ?? []
        }
        var eos = Set(tokenizer.eosTokenID.map { [$0] } ?? [])
        if let generation = Self.json(directory.appendingPathComponent("generation_config.json")) {
            if let id = generation["eos_token_id"] as? Int { eos = [id] }
            if let ids = generation["eos_token_id"] as? [Int] { eos = Set(ids) }
        }
        endOfSequence = eos
    }

    private static func json(_ url: URL) -> [String: Any]? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    public var vocabularySize: Int { tokenizer.vocabularySize }

    public func encode(_ text: String) -> [Int] { tokenizer.encode(text, addSpecialTokens: false).ids }

    public func bytes(of token: Int) -> [UInt8] { tokenizer.bytes(of: token) }

    /// The piece as the token strip shows it: a leading space as `▁` so word starts stay visible,
    /// special tokens as their names, bytes that are no character alone as `\xNN`.
    public func display(_ token: Int) -> String {
        if tokenizer.isSpecial(token), let name = tokenizer.token(for: token) { return ByteEscaping.escaped(name) }
        var bytes = tokenizer.bytes(of: token)
        guard !bytes.isEmpty else { return "#\(token)" }
        let leadingSpace = bytes.first == UInt8(ascii: " ")
        if leadingSpace { bytes.removeFirst() }
        return (leadingSpace ? "▁" : "") + ByteEscaping.escaped(bytes, keepUTF8: true)
    }
}
