import Foundation
import Testing
@testable import GatedDeltaNet

/// Tokens are ids: a model whose vocabulary is not bytes and that ships no tokenizer still opens,
/// shows ids as `#id` and says so once; the sampler's candidates come from a partial selection.
@Suite struct TokenIdentityTests {
    @Test func aNonByteVocabularyWithoutTokenizerShowsIds() throws {
        let directory = try RandomCheckpoint(["vocab_size": 300]).write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        #expect(model.tokenizer.vocabularySize == 300)
        #expect(model.tokenizer.display(299) == "#299")
        #expect(model.notice?.contains("no tokenizer") == true)
        var session = InferenceSession(model: model)
        try session.append(model.tokenizer.encode("ids"))
        #expect(session.tokens == [105, 100, 115])
        #expect(session.logits.count == 300)
        // The byte-level sample models need no notice.
        let bytes = try RandomCheckpoint().write()
        defer { try? FileManager.default.removeItem(at: bytes) }
        #expect(try GatedDeltaNetModel(directory: bytes).notice == nil)
    }

    /// The top k in one pass equals the first k of the full ranking, ties by id included.
    @Test func partialTopKEqualsTheFullRankingsPrefix() {
        var rng = SplitMix64(seed: 5)
        for trial in 0..<50 {
            let n = 1 + trial * 37
            // Few distinct values, so ties are common.
            let p = (0..<n).map { _ in Float(rng.next() % 7) / 7 }
            for k in [1, 3, 8, n + 2] {
                let partial = Sampler.ranked(p, top: k), full = Sampler.ranked(p).prefix(k)
                #expect(partial.map(\.token) == full.map(\.token), "n \(n) k \(k)")
            }
        }
        #expect(Sampler.ranked([0.5], top: 0).isEmpty)
    }

    /// A cancelled append stops between segments, leaving a consistent session that can go on.
    @Test func aCancelledAppendStopsBetweenSegments() throws {
        let directory = try RandomCheckpoint().write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        var session = InferenceSession(model: model, checkpointInterval: 16)
        var asked = 0
        #expect(throws: ModelError.cancelled) {
            try session.append(Array(repeating: 65, count: 100)) { _, _ in } isCancelled: { asked += 1; return asked > 2 }
        }
        #expect(session.count == 32)
        #expect(session.gates.count == 32)
        try session.append([66])
        #expect(session.count == 33)
    }
}
