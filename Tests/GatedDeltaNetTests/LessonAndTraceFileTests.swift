import Foundation
import Testing
import GatedDelta
import SafeTensors
@testable import GatedDeltaNet

/// Lesson files and trace files: every shipped lesson parses, malformed ones fail with one line
/// naming the file and line, and a trace written by `gdn-tui run --trace` reads back as the same
/// rule inputs the model produced.
@Suite struct LessonAndTraceFileTests {
    static let lessonDirectory = TeachingAnalysisTests.root.appendingPathComponent("Samples/lessons")

    @Test func everyShippedLessonParsesIntoAPlayableRecording() throws {
        let names = Lesson.names(in: Self.lessonDirectory)
        #expect(Set(["interference", "gating", "gated-delta", "grouped-keys"]).isSubset(of: Set(names)))
        for name in names {
            let lesson = try Lesson(contentsOf: Lesson.path(named: name, in: Self.lessonDirectory))
            let recording = lesson.recording
            #expect(recording.length == lesson.steps.count && recording.length >= 4, "\(name)")
            #expect(recording.narration.allSatisfy { !$0.isEmpty }, "\(name): every step is narrated")
            // Playing it: the kernel replays the whole stream without non-finite values.
            let stream = recording.layers[0].head(0)
            let result = RecurrentGatedDelta.forward(stream.kernelInputs(), options: stream.kernelOptions(rule: lesson.rule))
            #expect(result.output.allSatisfy(\.isFinite) && result.finalState.allSatisfy(\.isFinite), "\(name)")
        }
    }

    /// Malformed lessons: each (text, line, words the message must contain). This corpus feeds the
    /// malformed-input issue.
    static let malformed: [(String, Int, String)] = [
        ("rule delta\ndims 2 2\nkey a = onehot 5\n", 3, "onehot needs an index in 0..<2"),
        ("rule delta\ndims 2 2\nkey a = 1 2 3\n", 3, "needs 2 numbers, got 3"),
        ("rule delta\ndims 2 2\nkey a = 1 x\n", 3, "x is not a number"),
        ("rule delta\ndims 2 2\nkey a = 1 nan\n", 3, "nan is not a number"),
        ("rule delta\nkey a = onehot 0\n", 2, "key before dims"),
        ("rule fast\n", 1, "rule must be one of"),
        ("dims 0 3\n", 1, "dims needs two whole numbers"),
        ("dims 2 2\ndims 2 2\n", 2, "dims given twice"),
        ("rule delta\ndims 2 2\nkey a = onehot 0\nvalue x = onehot 1\nstep a y\n", 5, "unknown value y"),
        ("rule delta\ndims 2 2\nkey a = onehot 0\nvalue x = onehot 1\nstep b x\n", 5, "unknown key b"),
        ("rule delta\ndims 2 2\nkey a = onehot 0\nvalue x = onehot 1\nstep a x alpha=2\n", 5, "alpha must be a number in [0, 1]"),
        ("rule delta\ndims 2 2\nkey a = onehot 0\nvalue x = onehot 1\nstep a x gamma=1\n", 5, "unknown step option gamma"),
        ("rule delta\ndims 2 2\nkey a = onehot 0\nkey a = onehot 1\n", 4, "key a defined twice"),
        ("rule delta\ndims 2 2\nkey a onehot 0\n", 3, "usage: key NAME"),
        ("rule delta\nwrite a b\n", 2, "unknown statement write"),
        ("rule delta\n| a stray narration\n", 2, "narration '|' outside a step"),
    ]

    @Test func malformedLessonsFailWithTheFileAndLine() {
        for (text, line, fragment) in Self.malformed {
            #expect {
                _ = try Lesson(text: text, name: "bad", file: "bad.lesson")
            } throws: { error in
                let message = "\(error)"
                return message.hasPrefix("bad.lesson:\(line): ") && message.contains(fragment) && !message.contains("\n")
            }
        }
        for (text, fragment) in [("dims 2 2\n", "no rule line"), ("rule delta\n", "no dims line"),
                                 ("rule delta\ndims 1 1\n", "no steps")] {
            #expect(throws: ModelError("bad.lesson: \(fragment)")) { try Lesson(text: text, name: "bad", file: "bad.lesson") }
        }
        #expect(throws: ModelError("nonesuch: no such lesson (bundled: gated-delta gating grouped-keys interference)")) {
            try Lesson.load(named: "nonesuch", in: Self.lessonDirectory)
        }
        #expect(throws: ModelError("/nonexistent/x.lesson: cannot read the lesson file")) {
            try Lesson(contentsOf: URL(fileURLWithPath: "/nonexistent/x.lesson"))
        }
    }

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("gdn-teach-\(UUID().uuidString)-\(name)")
    }

    @Test func aTraceFromRunTraceReadsBackAsTheModelsRuleInputs() throws {
        let model = TeachingAnalysisTests.model
        let text = "trace me\n"
        let tokens = Array(text.utf8).map(Int.init)
        let url = Self.temporaryFile("trace.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Trace.make(model: model, tokens: tokens, text: text).write(to: url)
        let recording = try Recording.load(trace: url)
        #expect(recording.layers.count == model.config.layerCount)
        #expect(recording.labels == ["t", "r", "a", "c", "e", " ", "m", "e", "\\n"])
        #expect(recording.title == text && recording.rule == model.config.rule)
        let recorded = try LayerStream.record(model: model, tokens: tokens)
        for (loaded, direct) in zip(recording.layers, recorded) {
            #expect(loaded.head(1) == direct.head(1))
        }
    }

    @Test func malformedTracesFailWithOneLineNamingTheFile() throws {
        let url = Self.temporaryFile("bad.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        func expectFailure(_ fragment: String, _ write: () throws -> Void) throws {
            try write()
            #expect {
                _ = try Recording.load(trace: url)
            } throws: { error in
                let message = "\(error)"
                return message.contains(url.path) && message.contains(fragment) && !message.contains("\n")
            }
        }
        try expectFailure("safetensors") { try Data("not a safetensors file".utf8).write(to: url) }
        try expectFailure("not a kernel case") {
            var writer = SafeTensorsWriter()
            try writer.add("x", floats: [1], shape: [1])
            try writer.write(to: url)
        }
        func layer(_ writer: inout SafeTensorsWriter, _ i: Int, T: Int) throws {
            let (H, K, V) = (1, 2, 2)
            try writer.add("layer\(i).q", floats: .init(repeating: 0.5, count: T * H * K), shape: [1, T, H, K])
            try writer.add("layer\(i).k", floats: .init(repeating: 0.5, count: T * H * K), shape: [1, T, H, K])
            try writer.add("layer\(i).v", floats: .init(repeating: 1, count: T * H * V), shape: [1, T, H, V])
            try writer.add("layer\(i).g", floats: .init(repeating: 0, count: T * H), shape: [1, T, H])
            try writer.add("layer\(i).beta", floats: .init(repeating: 1, count: T * H), shape: [1, T, H])
        }
        try expectFailure("layer 1 has 2 steps, layer 0 has 3") {
            var writer = SafeTensorsWriter()
            try layer(&writer, 0, T: 3)
            try layer(&writer, 1, T: 2)
            try writer.write(to: url)
        }
        try expectFailure("input_ids has 2 tokens, the rule inputs have 3 steps") {
            var writer = SafeTensorsWriter()
            try layer(&writer, 0, T: 3)
            try writer.add("input_ids", int32s: [1, 2], shape: [2])
            try writer.write(to: url)
        }
        try expectFailure("metadata tokens is not a JSON list of 3 strings") {
            var writer = SafeTensorsWriter(metadata: ["tokens": "[\"a\"]"])
            try layer(&writer, 0, T: 3)
            try writer.write(to: url)
        }
        // A good one with token strings from another tokenizer.
        var writer = SafeTensorsWriter(metadata: ["tokens": "[\"The\", \" cat\", \"\\n\"]"])
        try layer(&writer, 0, T: 3)
        try writer.write(to: url)
        #expect(try Recording.load(trace: url).labels == ["The", " cat", "\\n"])
    }
}

/// A trace written by Samples/traces/dump_trace.py from fla itself (GPU, fp32, the trained gdn-text
/// checkpoint, prompt below): what `gdn-tui open` shows for another tool's model must be what that
/// model computes. Made with
///     python3 Samples/traces/dump_trace.py --model Samples/models/gdn-text --bytes --fast-autotune \
///         --prompt "Alice met Bob. Alice gave Bob a key; Bob gave Alice a map." --out gdn-text-fla.safetensors
@Suite struct FlaTraceTests {
    static let prompt = "Alice met Bob. Alice gave Bob a key; Bob gave Alice a map."

    @Test func flaTraceOpensWithTheSameRuleInputsAsTheSwiftModel() throws {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
            .appendingPathComponent("traces/gdn-text-fla.safetensors")
        let recording = try Recording.load(trace: url)
        #expect(recording.labels == Self.prompt.map { String($0) })
        let model = try SampleModelTests.model("gdn-text")
        let recorded = try LayerStream.record(model: model, tokens: Array(Self.prompt.utf8).map(Int.init))
        #expect(recording.layers.count == recorded.count)
        // fla on the GPU and Swift on the CPU sum in different orders through four fp32 layers: the
        // streams measured 1e-7 to 1e-6 apart (relative RMS); 1e-5 leaves room and still catches any
        // wrong projection, activation, gate formula or layer order (those are O(1) apart).
        for (loaded, swift) in zip(recording.layers, recorded) {
            for (name, a, b) in [("q", loaded.inputs.q, swift.inputs.q), ("k", loaded.inputs.k, swift.inputs.k),
                                 ("v", loaded.inputs.v, swift.inputs.v), ("g", loaded.inputs.g, swift.inputs.g),
                                 ("beta", loaded.inputs.beta, swift.inputs.beta)] {
                let error = relativeRMSError(a, reference: b)
                #expect(error < 1e-5, "\(name): \(error)")
            }
        }
    }
}
