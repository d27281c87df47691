import Foundation
import Tokenizers

/// The tokenizer targets. `tokenizer`: a tokenizer.json, then optionally a NUL byte and a text (JSON
/// cannot hold a raw NUL, so the split is unambiguous); an accepted file encodes the text (or a few
/// fixed ones), decodes the ids with and without special tokens and streams them, so the parser and
/// every component it builds meet arbitrary input. `tokenizer-text`: a byte choosing one of the four
/// small golden tokenizers of the `tokenizer` seeds, then a text (read as UTF-8, U+FFFD for what is not).
enum TokenizerInput {
    static let fixedTexts = ["Hello world", " <s> a\r\n\tb  ", "가\u{11A8} e\u{301} 👨‍👩‍👧 <|im_end|>x", ""]

    @Sendable static func load(_ data: Data) throws {
        let separator = data.firstIndex(of: 0) ?? data.endIndex
        let json = Data(data[data.startIndex..<separator])
        let tokenizer = try HFTokenizer(json: json)
        let texts = separator < data.endIndex ? [String(decoding: data[(separator + 1)...], as: UTF8.self)] : fixedTexts
        for text in texts { exercise(tokenizer, text) }
    }

    /// The first byte picks one of the small tokenizers, the rest is the text. The tokenizer is parsed
    /// anew for each input rather than kept in a global: LeakSanitizer cannot follow the tagged
    /// pointers of Swift's multi-payload enums, so a tokenizer alive across inputs is reported as
    /// leaked as soon as any input leaves an allocation behind (a runtime metadata cache, say).
    @Sendable static func encode(_ data: Data) throws {
        let seeds = smallTokenizerFiles
        guard let first = data.first, !seeds.isEmpty else { return }
        let tokenizer = try HFTokenizer(json: Data(seeds[Int(first) % seeds.count]))
        exercise(tokenizer, String(decoding: data.dropFirst(), as: UTF8.self))
    }

    /// Everything the app does with a text and a tokenizer.
    static func exercise(_ tokenizer: HFTokenizer, _ text: String) {
        for addSpecial in [false, true] {
            let encoding = tokenizer.encode(text, addSpecialTokens: addSpecial)
            _ = tokenizer.decode(encoding.ids, skipSpecialTokens: false)
            _ = tokenizer.decode(encoding.ids, skipSpecialTokens: true)
            var stream = DecodeStream(tokenizer: tokenizer)
            for id in encoding.ids { _ = stream.step(id) }
            for id in encoding.ids.prefix(8) { _ = tokenizer.token(for: id); _ = tokenizer.isSpecial(id) }
        }
        _ = tokenizer.decode([-1, 0, Int.max, tokenizer.vocabularySize], skipSpecialTokens: false)
    }

    /// The tokenizer.json part of the small golden tokenizers' `tokenizer` seeds (kept as byte arrays:
    /// a global Data's storage sits behind an enum's tagged pointer too).
    static let smallTokenizerFiles: [[UInt8]] = SeedCorpus.files(of: "tokenizer")
        .filter { $0.name.hasPrefix("seed-small-") }
        .map { Array($0.data.prefix { $0 != 0 }) }
}
