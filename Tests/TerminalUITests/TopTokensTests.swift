import GatedDeltaNet
@testable import TerminalUI
import Testing

/// The next-token pane's top 8 by one pass equal the first 8 of the sampler's full ranking.
@Suite struct TopTokensTests {
    @Test(arguments: [0, 0.7, 1.5] as [Float])
    func theSameAsSortingTheWholeVocabulary(temperature: Float) {
        var rng = SplitMix64(seed: 7)
        for vocabulary in [1, 5, 256, 5000] {
            var logits = (0..<vocabulary).map { _ in Float.random(in: -4...4, using: &rng) }
            if vocabulary > 10 { logits[3] = logits[9] }   // a tie: the lower id first
            let top = TopTokens.select(logits, count: 8, temperature: temperature)
            let ranked = Sampler.ranked(Sampler.softmax(logits, temperature: temperature)).prefix(8)
            #expect(top.map(\.id) == ranked.map(\.token))
            for (a, b) in zip(top, ranked) { #expect(abs(a.probability - b.probability) < 1e-6) }
        }
    }
}
