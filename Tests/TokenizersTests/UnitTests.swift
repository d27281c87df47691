import Foundation
import Testing
@testable import Tokenizers

/// The parts that the vectors reach only indirectly.
@Suite struct ComponentTests {
    func scalars(_ values: [UInt32]) -> [UInt8] {
        var view = String.UnicodeScalarView()
        for value in values { if let scalar = Unicode.Scalar(value) { view.append(scalar) } }
        return Array(String(view).utf8)
    }

    /// Hangul composition as Unicode 3.12 defines it, where Foundation's NFC on Linux is wrong.
    @Test func nfcComposesHangulByTheUnicodeAlgorithm() {
        let cases: [([UInt32], [UInt32])] = [
            ([0x1100, 0x1161], [0xAC00]), ([0x1100, 0x1161, 0x11A8], [0xAC01]), ([0xAC00, 0x11A8], [0xAC01]),
            ([0xAC00, 0x11A7], [0xAC00, 0x11A7]), ([0x1100, 0x1161, 0x11A7], [0xAC00, 0x11A7]),
            ([0x1100, 0x1176], [0x1100, 0x1176]), ([0x1113, 0x1161], [0x1113, 0x1161]), ([0xD7A3, 0x11A8], [0xD7A3, 0x11A8]),
            ([0xAC01, 0x11A8], [0xAC01, 0x11A8]), ([0x1100, 0x0301, 0x1161], [0x1100, 0x0301, 0x1161]),
            ([0xAC00, 0x11C3], [0xAC00, 0x11C3]), ([0x0041, 0x030A], [0x00C5]), ([0x212B], [0x00C5]),
            ([0x0065, 0x0301, 0x1100, 0x1161, 0x0323], [0x00E9, 0xAC00, 0x0323]),
        ]
        for (input, expected) in cases {
            #expect(CanonicalComposition.nfc(scalars(input)) == scalars(expected), "\(input.map { String($0, radix: 16) })")
        }
    }

    @Test func jsonReaderReadsEscapesAndRefusesBadInput() throws {
        let value = try JSONReader.parse(Data(#"{"a": ["\u00e9\ud83d\ude00\n", -1.5e2, true, null, 0]}"#.utf8))
        guard case .object(let entries) = value, case .array(let items) = entries.first?.value,
              case .string(let text) = items[0], case .number(let number) = items[1] else {
            Issue.record("\(value)")
            return
        }
        #expect(text.unicodeScalars.map(\.value) == [0xE9, 0x1F600, 0x0A])
        #expect(number == -150)
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\u{1}\"", "tru", "[1] 2", "\"\\udc00\""] {
            #expect(throws: TokenizerError.self, "\(bad.debugDescription)") { try JSONReader.parse(Data(bad.utf8)) }
        }
    }

    @Test func byteFallbackTokensAreReadAsRustReadsThem() {
        #expect(Decoder.byteOfFallbackToken(Array("<0xE4>".utf8)) == 0xE4)
        #expect(Decoder.byteOfFallbackToken(Array("<0xe4>".utf8)) == 0xE4)
        #expect(Decoder.byteOfFallbackToken(Array("<0x+A>".utf8)) == 0x0A)
        #expect(Decoder.byteOfFallbackToken(Array("<0xG0>".utf8)) == nil)
        #expect(Decoder.byteOfFallbackToken(Array("<0x0A0>".utf8)) == nil)
    }

    @Test func vocabularyLookupsTellCanonicallyEquivalentSpellingsApart() throws {
        let json = #"{"model": {"type": "BPE", "vocab": {"\u00e9": 0, "e": 1, "\u0301": 2}, "merges": []}}"#
        let tokenizer = try HFTokenizer(json: Data(json.utf8))
        #expect(tokenizer.encode("\u{E9}", addSpecialTokens: false).ids == [0])
        #expect(tokenizer.encode("e\u{301}", addSpecialTokens: false).ids == [1, 2])
        #expect(tokenizer.id(for: "e\u{301}") == nil)
    }

    @Test func realTokenizersKnowTheirSizesAndSpecialTokens() throws {
        let qwen = try Fixtures.tokenizer("qwen3.5")
        #expect(qwen.vocabularySize == 248_077)
        let hello = try #require(qwen.id(for: "Hello"))
        #expect(qwen.encode("Hello", addSpecialTokens: true).ids == [hello])
        #expect(qwen.token(for: hello).map { Array($0.utf8) } == Array("Hello".utf8))
        #expect(qwen.eosTokenID == 248_044 && qwen.bosTokenID == nil)
        #expect(qwen.isSpecial(248_046) && !qwen.isSpecial(hello))
        let mistral = try Fixtures.tokenizer("mistral-v1")
        #expect(mistral.vocabularySize == 32_000 && mistral.bosTokenID == 1 && mistral.eosTokenID == 2)
        #expect(mistral.token(for: 13) == "<0x0A>")
    }
}
