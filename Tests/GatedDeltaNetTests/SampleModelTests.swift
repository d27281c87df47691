import Foundation
import SafeTensors
import Testing
@testable import GatedDeltaNet

/// The trained models of Samples/models, checked against what fla computed on the GPU when they were
/// trained (Samples/training/evaluate.py): reference logits, and the scores in each model's eval.json.
@Suite struct SampleModelTests {
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let samples = checkout.appendingPathComponent("Samples")
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        .appendingPathComponent("sample-models")
    static let recallModels = ["gdn-recall", "gdn-recall-delta", "gdn-recall-gated", "gdn-recall-linear"]
    static let allModels = ["gdn-text"] + recallModels

    static func model(_ name: String) throws -> GatedDeltaNetModel {
        try GatedDeltaNetModel(directory: samples.appendingPathComponent("models").appendingPathComponent(name))
    }

    /// fla's own score of `name` on `file` (a key of eval.json's "files"), as evaluate.py recorded it.
    static func flaScore(_ name: String, file: String) throws -> [String: Any] {
        let url = samples.appendingPathComponent("models").appendingPathComponent(name).appendingPathComponent("eval.json")
        let json = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as? [String: Any]
        let files = try #require(json?["files"] as? [String: Any])
        return try #require(files[file] as? [String: Any])
    }

    static func data(_ file: String) throws -> EvaluationData {
        try EvaluationData(contentsOf: fixtures.appendingPathComponent(file))
    }

    /// Each checkpoint carries its update rule; the variants differ in nothing else.
    @Test func variantsDeclareTheirRule() throws {
        let rules = try Self.recallModels.map { try Self.model($0).config.rule }
        #expect(rules == [.gatedDelta, .delta, .gated, .linear])
        #expect(try Self.model("gdn-text").config.rule == .gatedDelta)
        let sizes = try Self.recallModels.map { name in
            let c = try Self.model(name).config
            return [c.hiddenSize, c.layerCount, c.keyHeads, c.headDim, c.headValueDim]
        }
        #expect(Set(sizes.map { $0.description }).count == 1)
    }

    /// bf16 weights widen exactly and both sides compute in fp32, so only summation order differs.
    /// Measured relative RMS: 3e-7 for gated delta, gated and linear on the recall prompt, 5e-5 for the
    /// text model (fla's chunked kernel, T = 115) and 7e-5 for delta (fla's chunked kernel with g = 0,
    /// whose own error against a float64 recurrence is of that order: Samples/training/check_rules.py).
    /// 1e-4 is the golden tests' bar; a wrong update rule is off by 1e-1 and more.
    @Test(arguments: allModels) func logitsMatchFla(name: String) throws {
        let reference = try SafeTensorsFile(contentsOf: Self.fixtures.appendingPathComponent("\(name)-logits.safetensors"))
        let tokens = try reference.int32s("input_ids").map(Int.init)
        let expected = try reference.floats("logits")
        let model = try Self.model(name)
        for form in [KernelForm.chunked, .recurrent] {
            var cache = model.emptyCache()
            let logits = try model.forward(tokens, cache: &cache, form: form)
            let error = relativeRMSError(logits, reference: expected)
            #expect(error < 1e-4, "\(name) \(form): relative RMS \(error)")
        }
    }

    /// The figure the card reports, recomputed here on a small slice and compared with fla's: 1e-3 bits
    /// per byte is the issue's bar (fp32 differences move it by ~1e-7).
    @Test func textBitsPerByteMatchesFla() throws {
        let fla = try #require(Self.flaScore("gdn-text", file: "text-small.txt")["bits_per_byte"] as? Double)
        let result = try Self.model("gdn-text").evaluate(try Self.data("text-small.txt"))
        #expect(result.format == .text)
        #expect(result.predicted == 1552)
        let bpb = try #require(result.bitsPerByte)
        #expect(abs(bpb - fla) < 1e-3, "Swift \(bpb) fla \(fla)")
    }

    /// Same answered count as fla on each variant; the gated delta model clears the issue's 95%.
    @Test(arguments: recallModels) func recallAccuracyMatchesFla(name: String) throws {
        let fla = try Self.flaScore(name, file: "recall-small.txt")
        let result = try Self.model(name).evaluate(try Self.data("recall-small.txt"))
        #expect(result.format == .recall)
        #expect(result.queries == fla["queries"] as? Int)
        #expect(result.answered == fla["answered"] as? Int)
        if name == "gdn-recall" { #expect(try #require(result.accuracy) >= 0.95) }
    }

    /// Greedy continuations of the text prompts are made of English words: at least 80% of the words
    /// generated are words that occur (3+ times) in the training text.
    @Test func textContinuationsAreEnglishWords() throws {
        let words = Set(try String(contentsOf: Self.fixtures.appendingPathComponent("words.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init))
        #expect(words.count > 10_000)
        let model = try Self.model("gdn-text")
        let prompts = try ["01-repeated-name.txt", "02-changing-value.txt", "05-repetition.txt"].map {
            try SamplePrompt(contentsOf: Self.samples.appendingPathComponent("prompts").appendingPathComponent($0)).text
        }
        var generated: [String] = []
        for prompt in prompts {
            var cache = model.emptyCache()
            var logits = try model.forward(ByteTokenizer().encode(prompt), cache: &cache, form: .chunked, allLogits: false)
            var bytes: [UInt8] = []
            for _ in 0..<60 {
                let next = Sampler.argmax(logits)
                bytes.append(UInt8(next))
                logits = try model.forward([next], cache: &cache, form: .recurrent)
            }
            // Whole words only: the last one may be cut off.
            let found = String(decoding: bytes, as: UTF8.self).lowercased()
                .split(whereSeparator: { !$0.isLetter }).map(String.init).dropLast()
            generated += found
        }
        let known = generated.filter(words.contains).count
        #expect(generated.count >= 15, "\(generated)")
        #expect(Double(known) >= 0.8 * Double(generated.count), "\(generated)")
    }

    /// Every sample prompt parses, says what to watch, and names a bundled model if it names one.
    @Test func samplePromptsParse() throws {
        let folder = Self.samples.appendingPathComponent("prompts")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }
        #expect(files.count >= 10)
        for file in files {
            let prompt = try SamplePrompt(contentsOf: folder.appendingPathComponent(file))
            #expect(!prompt.watch.isEmpty && !prompt.text.hasPrefix("#"))
            if let model = prompt.model { #expect(Self.allModels.contains(model), "\(file): \(model)") }
        }
    }
}

/// The recall grammar and the format decision of EvaluationData.
@Suite struct EvaluationDataTests {
    @Test func recallLinesRecordTheirAnswers() throws {
        let episode = try #require(RecallEpisode(line: Array("b=4 q=1 ?b>4 b=7 ?b>7".utf8)))
        #expect(episode.queries.map(\.marker) == [10, 19])
        #expect(episode.queries.map { String(decoding: $0.answer, as: UTF8.self) } == ["4", "7"])
        for bad in ["b=4  q=1", "b=", "=4", "?b>", "b=4 ?B>4", "hello world", "b=4 ?b4"] {
            #expect(RecallEpisode(line: Array(bad.utf8)) == nil, "\(bad)")
        }
    }

    @Test func formatFollowsTheContent() throws {
        guard case .recall(let e) = EvaluationData(bytes: Array("a=1 ?a>1\nb=2 ?b>2\n".utf8)) else {
            Issue.record("not read as recall"); return
        }
        #expect(e.count == 2)
        // Writes without any query, or one prose line among episodes, make it text.
        for text in ["a=1 b=2\n", "a=1 ?a>1\nThe end.\n"] {
            guard case .text = EvaluationData(bytes: Array(text.utf8)) else { Issue.record("\(text) read as recall"); continue }
        }
    }

    @Test func unreadableOrTooShortFilesAreRefused() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/eval.txt")
        #expect(throws: ModelError("\(missing.path): cannot read the data file")) { try EvaluationData(contentsOf: missing) }
        let short = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-eval-short-\(getpid()).txt")
        try Data("x".utf8).write(to: short)
        defer { try? FileManager.default.removeItem(at: short) }
        #expect(throws: ModelError("\(short.path): a text file needs at least 2 bytes to score (it has 1)")) {
            try EvaluationData(contentsOf: short)
        }
    }

    /// The gates pane shows what each rule applies: no decay without a gate, full-strength plain writes.
    @Test func gateHistoryShowsWhatEachRuleApplies() throws {
        for (name, decays, deltaWrites) in [("gdn-recall", true, true), ("gdn-recall-delta", false, true),
                                            ("gdn-recall-gated", true, false), ("gdn-recall-linear", false, false)] {
            var session = InferenceSession(model: try SampleModelTests.model(name))
            try session.append(Array("a=3 k=7 a=1 ?a>".utf8).map(Int.init))
            let alpha = session.gates.alpha(layer: 0, head: 0), beta = session.gates.beta(layer: 0, head: 0)
            #expect(alpha.count == 15 && beta.count == 15)
            // The trained models' raw gates are never exactly 1 (exp(g) < 1, sigmoid < 1).
            #expect(alpha.allSatisfy { $0 == 1 } == !decays, "\(name) alpha")
            #expect(beta.allSatisfy { $0 == 1 } == !deltaWrites, "\(name) beta")
        }
    }
}
