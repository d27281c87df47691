import Foundation
import Testing
@testable import Tokenizers
@testable import gdn_fuzz

/// Refused tokenizer files: each gives one printable line that names the field at fault, never a trap.
/// The cases are also the `tokenizer` fuzzer's seeds (Tests/FuzzCorpus/tokenizer).
@Suite struct MalformedTokenizerTests {
    /// A small tokenizer that uses every supported component, valid as it stands.
    static var tiny: [String: Any] { [
        "version": "1.0",
        "added_tokens": [
            ["id": 0, "content": "<s>", "special": true, "normalized": false, "lstrip": false, "rstrip": false, "single_word": false],
            ["id": 9, "content": "<x>", "special": false, "normalized": true, "lstrip": true, "rstrip": true, "single_word": true],
        ],
        "normalizer": ["type": "Sequence", "normalizers": [
            ["type": "NFC"], ["type": "Replace", "pattern": ["Regex": "\\s+"], "content": " "], ["type": "Prepend", "prepend": " "],
        ]],
        "pre_tokenizer": ["type": "Sequence", "pretokenizers": [
            ["type": "Split", "pattern": ["Regex": "\\p{N}"], "behavior": "MergedWithNext", "invert": false],
            ["type": "Split", "pattern": ["String": "-"], "behavior": "Removed", "invert": true],
            ["type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": true],
            ["type": "ByteLevel", "add_prefix_space": false, "use_regex": true],
        ]],
        "post_processor": ["type": "Sequence", "processors": [
            ["type": "ByteLevel"],
            ["type": "TemplateProcessing", "single": [["SpecialToken": ["id": "<s>", "type_id": 0]], ["Sequence": ["id": "A", "type_id": 0]]],
             "pair": [], "special_tokens": ["<s>": ["id": "<s>", "ids": [0], "tokens": ["<s>"]]]],
        ]],
        "decoder": ["type": "Sequence", "decoders": [
            ["type": "Replace", "pattern": ["String": "▁"], "content": " "], ["type": "ByteLevel"], ["type": "ByteFallback"],
            ["type": "Fuse"], ["type": "Strip", "content": " ", "start": 1, "stop": 1], ["type": "Metaspace", "replacement": "▁"],
        ]],
        "model": ["type": "BPE", "vocab": ["<s>": 0, "a": 1, "b": 2, "ab": 3, "Ġ": 4, "Ġab": 5, "<0x41>": 6, "<unk>": 7, "â": 8],
                  "merges": [["a", "b"], ["Ġ", "ab"]], "unk_token": "<unk>", "fuse_unk": true, "byte_fallback": true,
                  "dropout": NSNull(), "ignore_merges": false],
    ] }

    /// (label, the change to `tiny` or raw bytes, a text the message must contain).
    static let cases: [(label: String, file: Data, mentions: String)] = {
        func with(_ change: (inout [String: Any]) -> Void) -> Data {
            var object = tiny
            change(&object)
            return (try? JSONSerialization.data(withJSONObject: object, options: .sortedKeys)) ?? Data()
        }
        func model(_ key: String, _ value: Any?) -> Data {
            with { object in
                var model = object["model"] as? [String: Any] ?? [:]
                model[key] = value
                object["model"] = model
            }
        }
        return [
            ("not-json", Data("tokenizer".utf8), "not valid JSON"),
            ("empty-file", Data(), "not valid JSON"),
            ("truncated", Data("{\"model\": {\"vocab\": {\"a\": 1".utf8), "not valid JSON"),
            ("top-level-array", Data("[1, 2]".utf8), "top level"),
            ("invalid-utf-8", Data([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]), "UTF-8"),
            ("lone-surrogate", Data(#"{"model": {"vocab": {"\ud800": 0}, "merges": []}}"#.utf8), "surrogate"),
            ("deep-nesting", Data((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8), "nesting"),
            ("missing-model", with { $0["model"] = nil }, "model"),
            ("model-not-an-object", with { $0["model"] = "BPE" }, "model"),
            ("wordpiece-model", model("type", "WordPiece"), "model: model type \"WordPiece\""),
            ("missing-vocab", model("vocab", nil), "model: missing field \"vocab\""),
            ("vocab-as-array", model("vocab", ["a", "b"]), "model.vocab: expected an object"),
            ("id-as-string", model("vocab", ["a": "one"]), "model.vocab: \"a\""),
            ("negative-id", model("vocab", ["a": -1]), "model.vocab: \"a\""),
            ("huge-id", model("vocab", ["a": 1e300]), "model.vocab: \"a\""),
            ("missing-merges", model("merges", nil), "model: missing field \"merges\""),
            ("merges-as-object", model("merges", ["a": "b"]), "model.merges: expected an array"),
            ("merge-of-unknown-token", model("merges", [["a", "zz"]]), "model.merges[0]: \"zz\" is not in model.vocab"),
            ("merged-token-unknown", model("merges", [["b", "a"]]), "model.merges[0]: the merged token \"ba\""),
            ("merge-line-three-parts", model("merges", ["a b c"]), "model.merges[0]"),
            ("merges-mixed", model("merges", ["a b", ["Ġ", "ab"]]), "model.merges[1]"),
            ("fuse-unk-not-bool", model("fuse_unk", "yes"), "model.fuse_unk: expected true or false"),
            ("dropout-too-large", model("dropout", 2), "model.dropout"),
            ("unknown-normalizer", with { $0["normalizer"] = ["type": "Lowercase"] }, "normalizer: normalizer type \"Lowercase\""),
            ("normalizer-without-type", with { $0["normalizer"] = ["prepend": "x"] }, "normalizer: missing field \"type\""),
            ("nested-unknown-normalizer", with { $0["normalizer"] = ["type": "Sequence", "normalizers": [["type": "NFC"], ["type": "NFKD"]]] },
             "normalizer.normalizers[1]: normalizer type \"NFKD\""),
            ("replace-without-pattern", with { $0["normalizer"] = ["type": "Replace", "content": "x"] }, "normalizer: missing field \"pattern\""),
            ("invalid-regex", with { $0["pre_tokenizer"] = ["type": "Split", "pattern": ["Regex": "(?<"], "behavior": "Isolated"] },
             "pre_tokenizer.pattern.Regex"),
            ("unknown-behavior", with { $0["pre_tokenizer"] = ["type": "Split", "pattern": ["String": " "], "behavior": "Sideways"] },
             "pre_tokenizer.behavior"),
            ("unknown-pre-tokenizer", with { $0["pre_tokenizer"] = ["type": "BertPreTokenizer"] }, "pre_tokenizer: pre-tokenizer type"),
            ("metaspace-long-replacement", with { $0["pre_tokenizer"] = ["type": "Metaspace", "replacement": "ab"] }, "pre_tokenizer.replacement"),
            ("unknown-prepend-scheme", with { $0["pre_tokenizer"] = ["type": "Metaspace", "replacement": "▁", "prepend_scheme": "sometimes"] },
             "pre_tokenizer.prepend_scheme"),
            ("unknown-decoder", with { $0["decoder"] = ["type": "WordPiece"] }, "decoder: decoder type \"WordPiece\""),
            ("strip-negative", with { $0["decoder"] = ["type": "Strip", "content": " ", "start": -1, "stop": 0] }, "decoder.start"),
            ("unknown-post-processor", with { $0["post_processor"] = ["type": "RobertaProcessing"] }, "post_processor: post-processor type"),
            ("template-unknown-token", with { $0["post_processor"] = ["type": "TemplateProcessing",
                "single": [["SpecialToken": ["id": "<bos>", "type_id": 0]]], "special_tokens": [:]] }, "post_processor.single[0].SpecialToken.id"),
            ("added-tokens-not-array", with { $0["added_tokens"] = ["content": "<s>"] }, "added_tokens: expected an array"),
            ("added-token-content-number", with { $0["added_tokens"] = [["id": 1, "content": 5]] }, "added_tokens[0].content: expected a string"),
            ("added-token-lstrip-string", with { $0["added_tokens"] = [["id": 1, "content": "<s>", "lstrip": "no"]] }, "added_tokens[0].lstrip"),
        ]
    }()

    @Test func theTinyTokenizerLoadsAndRoundTrips() throws {
        let data = try JSONSerialization.data(withJSONObject: Self.tiny, options: .sortedKeys)
        let tokenizer = try HFTokenizer(json: data)
        #expect(tokenizer.vocabularySize == 10)
        #expect(tokenizer.token(for: 9) == "<x>")
        #expect(tokenizer.isSpecial(0) && !tokenizer.isSpecial(9) && !tokenizer.isSpecial(1))
        #expect(tokenizer.bosTokenID == 0)
        let encoding = tokenizer.encode("ab", addSpecialTokens: true)
        #expect(encoding.ids.first == 0)
        TokenizerInput.exercise(tokenizer, "ab a-b 12 <x> x<x>y \u{0}\u{FFFD}")
    }

    @Test func everyCaseIsRefusedWithOneLineNamingTheField() throws {
        for (label, file, mentions) in Self.cases {
            do {
                _ = try HFTokenizer(json: file)
                Issue.record("\(label): accepted")
            } catch {
                let message = error.message
                #expect(message.contains(mentions), "\(label): \(message)")
                #expect(!message.unicodeScalars.contains(where: isUnprintable), "\(label): \(message.debugDescription)")
                #expect(message.count < 300, "\(label): \(message)")
            }
        }
    }

    @Test func aFileErrorNamesTheFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizer-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("tokenizer.json")
        try Data("{\"model\": {}}".utf8).write(to: url)
        #expect(throws: TokenizerError("tokenizer.json: model: missing field \"vocab\"")) { try HFTokenizer(contentsOf: url) }
        let missing = directory.appendingPathComponent("nothing.json")
        #expect(throws: TokenizerError("\(missing.path): cannot read the file")) { try HFTokenizer(contentsOf: missing) }
    }

    /// The seed folders hold exactly these cases, the tiny tokenizer and the small golden tokenizers
    /// (each followed by a NUL and a text), and a few texts for `tokenizer-text`.
    @Test func seedFilesAreTheCases() throws {
        var seeds: [String: Data] = [:]
        for (label, file, _) in Self.cases { seeds["seed-malformed-\(label)"] = file }
        seeds["seed-tiny"] = try JSONSerialization.data(withJSONObject: Self.tiny, options: .sortedKeys) + Data([0]) + Data("ab a-b 12 <x>".utf8)
        for name in Fixtures.smallNames {
            seeds["seed-small-\(name.dropFirst("small-".count))"] = try Fixtures.data("\(name)/tokenizer.json") + Data([0])
                + Data("Hello world <s> <|im_end|> 你好 e\u{301}".utf8)
        }
        let differing = try SeedCorpus.sync(target: "tokenizer", prefix: "seed-", seeds: seeds)
        #expect(differing.isEmpty, "run once with GDN_UPDATE_FUZZ_CORPUS=1 to rewrite tokenizer: \(differing)")
        var texts: [String: Data] = [:]
        for (index, text) in ["Hello world", "<s>a</s> <|im_end|>\u{338}", "가\u{11A8}\u{1100}\u{1161}\u{11A7}", "  \r\n\t 👨‍👩‍👧 ſ's 123456"].enumerated() {
            texts["seed-text-\(index)"] = Data(text.utf8)
        }
        texts["seed-text-invalid-utf-8"] = Data([0xE4, 0xBD, 0x20, 0xFF, 0xC0, 0x80, 0x41])
        let differingTexts = try SeedCorpus.sync(target: "tokenizer-text", prefix: "seed-", seeds: texts)
        #expect(differingTexts.isEmpty, "run once with GDN_UPDATE_FUZZ_CORPUS=1 to rewrite tokenizer-text: \(differingTexts)")
    }
}
