import Foundation
import Testing
@testable import GatedDelta
@testable import GatedDeltaNet
import TextEscaping

@Suite struct SessionTests {
    static let model: GatedDeltaNetModel = {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("tiny-gdn")
        return try! GatedDeltaNetModel(directory: url)
    }()
    let prompt = Array("The quick brown fox jumps over the lazy dog; the delta rule overwrites.".utf8).map(Int.init)

    @Test func prefillThenStepsMatchOneChunkedForward() throws {
        var session = InferenceSession(model: Self.model, checkpointInterval: 16)
        try session.append(Array(prompt[..<40]))
        for token in prompt[40...] { try session.append([token]) }
        var cache = Self.model.emptyCache()
        let all = try Self.model.forward(prompt, cache: &cache, form: .chunked)
        let last = Array(all.suffix(256))
        #expect(relativeRMSError(session.logits, reference: last) < 1e-5)
        #expect(session.gates.count == prompt.count)
        #expect(session.checkpointCount == prompt.count / 16 + 1)
    }

    @Test func recordReplaysAnyStepFromItsCheckpoint() throws {
        var session = InferenceSession(model: Self.model, checkpointInterval: 16)
        try session.append(prompt)
        for position in [0, 15, 16, 37, prompt.count - 1] {
            let record = try session.record(at: position)
            // The state after the step equals a fresh forward over the first position + 1 tokens.
            var cache = Self.model.emptyCache()
            let logits = try Self.model.forward(Array(prompt[...position]), cache: &cache, form: .chunked, allLogits: false)
            #expect(relativeRMSError(record.logits, reference: logits) < 1e-5)
            for l in record.layers.indices {
                let layer = try #require(record.gatedDeltaNet(layer: l))
                #expect(relativeRMSError(layer.stateAfter, reference: try #require(cache[l].gatedDeltaNet).state) < 1e-5)
                // The parts of each head add up to the recorded update (float rounding: 1e-5).
                for head in 0..<layer.valueHeads {
                    let parts = layer.parts(head: head)
                    let before = layer.state(head: head, after: false), after = layer.state(head: head)
                    let change = parts.totalChange
                    #expect(before.indices.allSatisfy { abs(before[$0] + change[$0] - after[$0]) < 1e-5 })
                    #expect(abs(Foundation.exp(layer.logDecay[head]) - session.gates.alpha(layer: l, head: head)[position]) < 1e-6)
                }
            }
        }
        #expect(throws: ModelError.self) { try session.record(at: prompt.count) }
    }

    @Test func truncateGoesBackExactly() throws {
        var session = InferenceSession(model: Self.model, checkpointInterval: 16)
        try session.append(prompt)
        var shorter = InferenceSession(model: Self.model, checkpointInterval: 16)
        try shorter.append(Array(prompt[..<37]))
        try session.truncate(to: 37)
        #expect(session.tokens == shorter.tokens)
        #expect(relativeRMSError(session.logits, reference: shorter.logits) < 1e-5)
        #expect(session.gates.count == 37)
        try session.truncate(to: 32)   // onto a checkpoint boundary
        #expect(session.count == 32 && session.logits.count == 256)
    }

    @Test func checkpointsStayWithinBudget() throws {
        let perCheckpoint = Self.model.emptyCache().reduce(0) { $0 + $1.byteCount }
        var session = InferenceSession(model: Self.model, checkpointInterval: 4, checkpointBudget: perCheckpoint * 6)
        try session.append(Array(repeating: 65, count: 200))
        #expect(session.checkpointCount <= 6)
        #expect(session.checkpointInterval > 4)
        // Still able to show any step.
        let early = try session.record(at: 3), late = try session.record(at: 199)
        #expect(early.position == 3 && late.position == 199)
    }
}

@Suite struct SamplerTests {
    let logits: [Float] = [0.1, 2.0, -1.0, 1.9, 0.5]

    @Test func greedyTakesTheArgmax() {
        var sampler = Sampler(SamplingSettings())
        #expect(sampler.next(logits: logits) == 1)
    }

    @Test func topKOfOneIsGreedyAtAnyTemperature() {
        var sampler = Sampler(SamplingSettings(temperature: 5, topK: 1, seed: 9))
        for _ in 0..<20 { #expect(sampler.next(logits: logits) == 1) }
    }

    @Test func topPKeepsTheSmallestSufficientSet() {
        // Probabilities at T=1: token 1 and 3 hold ~0.41 and ~0.37; p = 0.5 keeps exactly those two.
        var sampler = Sampler(SamplingSettings(temperature: 1, topP: 0.5, seed: 4))
        let drawn = Set((0..<200).map { _ in sampler.next(logits: logits) })
        #expect(drawn == [1, 3])
    }

    @Test func aSeedReproducesTheDraws() {
        var a = Sampler(SamplingSettings(temperature: 1, seed: 42)), b = Sampler(SamplingSettings(temperature: 1, seed: 42))
        var c = Sampler(SamplingSettings(temperature: 1, seed: 43))
        let da = (0..<50).map { _ in a.next(logits: logits) }, db = (0..<50).map { _ in b.next(logits: logits) }
        let dc = (0..<50).map { _ in c.next(logits: logits) }
        #expect(da == db)
        #expect(da != dc)
        #expect(Set(da).count >= 3)
    }
}

@Suite struct TokenizerTests {
    @Test func bytesRoundTripAndEscapeSafely() {
        let tokenizer = ByteTokenizer()
        let text = "héllo\n\u{1b}[31m"
        let tokens = tokenizer.encode(text)
        #expect(tokens.count == text.utf8.count)
        #expect(tokenizer.decode(tokens) == text)
        #expect(tokenizer.display(10) == "\\n")
        #expect(tokenizer.display(0x1b) == "\\x1b")
        #expect(tokenizer.display(0xC3) == "\\xc3")
        #expect(ByteEscaping.escaped(Array("é\u{1b}x".utf8), keepUTF8: true) == "é\\x1bx")
    }
}

@Suite struct SessionWindowTests {
    /// A window of a long session carries the same rule inputs as the whole sequence's forward, and
    /// starts from the memory the model had there: what the teaching views analyse.
    @Test func aWindowOfTheSessionMatchesTheWholeSequence() throws {
        let model = SessionTests.model
        var session = InferenceSession(model: model)
        let tokens = (0..<300).map { ($0 * 37 + 11) % 256 }
        try session.append(tokens)
        let whole = try LayerStream.record(model: model, tokens: tokens)
        let (start, window) = try session.layerStreams(from: 200, through: 260)
        #expect(start == 192)   // the checkpoint at or before 200 (every 64 tokens)
        let before = try session.record(at: start - 1)
        for (l, stream) in window.enumerated() {
            let layer = try #require(stream)
            #expect(layer.length == 260 - start + 1)
            for head in [0, 1] {
                let w = layer.head(head), full = whole[l].head(head)
                // Chunked forwards over different chunk boundaries: fp32 rounding apart, no more.
                let keys = zip(w.keys, full.keys[start...260]).map { relativeRMSError($0, reference: $1) }
                #expect(keys.allSatisfy { $0 < 1e-4 }, "layer \(l) head \(head) keys")
                let gates = relativeRMSError(w.logDecays, reference: Array(full.logDecays[start...260]))
                #expect(gates < 1e-4, "layer \(l) head \(head) gates \(gates)")
                let state = relativeRMSError(w.initialState, reference: try #require(before.gatedDeltaNet(layer: l)).state(head: head))
                #expect(state < 1e-4, "layer \(l) head \(head) initial state \(state)")
            }
        }
    }
}
