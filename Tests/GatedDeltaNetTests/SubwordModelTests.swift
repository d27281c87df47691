import Foundation
import Testing
@testable import GatedDeltaNet

private func fixture(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
}

/// An fla checkpoint with a Llama-style tokenizer.json beside it (Fixtures/subword-gdn, random weights,
/// Samples/golden/make_subword_model.py): the model opens with that tokenizer, a sequence starts with
/// its BOS, pieces show their spaces, eval counts tokens and bytes, and bad tokenizer files are refused.
@Suite struct SubwordModelTests {
    static let model = try! GatedDeltaNetModel(directory: fixture("subword-gdn"))

    @Test func theCheckpointsTokenizerIsTheModels() throws {
        let tokenizer = Self.model.tokenizer
        #expect(tokenizer is SubwordTokenizer)
        #expect(tokenizer.prefix == [1])   // <s>, from the template
        let ids = tokenizer.encode("Hello world")
        #expect(ids == [1017, 1044, 612, 507, 471, 328, 320])   // as HF tokenizers encodes it
        #expect(ids.map(tokenizer.display) == ["▁H", "el", "lo", "▁w", "or", "l", "d"])
        #expect(tokenizer.decode(ids) == " Hello world")
        #expect(tokenizer.display(1) == "<s>")
        #expect(Self.model.notice == nil)
    }

    /// Bits per token and per byte of the same text: the bytes are those of the predicted pieces.
    @Test func evalCountsTokensAndBytes() throws {
        let text = Array("The cat sat on the mat. The cat sat on the mat.".utf8)
        let result = try Self.model.evaluate(.text(text))
        let tokens = Self.model.tokenizer.encode(bytes: text)
        #expect(result.tokens == tokens.count + 1)          // with the BOS
        #expect(result.predicted == tokens.count)           // every text token is predicted
        let bits = try #require(result.bitsPerToken) * Double(tokens.count)
        #expect(abs(try #require(result.bitsPerByte) - bits / Double(text.count)) < 1e-9)
    }

    @Test func badTokenizerFilesAreOneLine() throws {
        for (contents, expected) in [("{", "tokenizer.json"), (#"{"model": {"type": "Unigram"}}"#, "Unigram")] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-tok-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: fixture("subword-gdn"), to: directory)
            defer { try? FileManager.default.removeItem(at: directory) }
            try Data(contents.utf8).write(to: directory.appendingPathComponent("tokenizer.json"))
            do {
                _ = try GatedDeltaNetModel(directory: directory)
                Issue.record("accepted \(contents)")
            } catch {
                #expect(error.message.contains(expected) && !error.message.contains("\n"), "\(error.message)")
            }
        }
        // A tokenizer larger than the embedding is a mismatch named as such.
        let directory = try RandomCheckpoint(["vocab_size": 300]).write()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: fixture("subword-gdn").appendingPathComponent("tokenizer.json"),
                                         to: directory.appendingPathComponent("tokenizer.json"))
        do {
            _ = try GatedDeltaNetModel(directory: directory)
            Issue.record("a 3000-token tokenizer on a 300-row embedding was accepted")
        } catch {
            #expect(error.message.contains("3000 tokens, but the model's vocab_size is 300"), "\(error.message)")
        }
    }
}
