import Foundation
import Testing

/// `gdn-tui tokenize` as a user runs it: the built binary on a small tokenizer from the golden set.
@Suite struct TokenizeCommandTests {
    static let fixtures = TmuxSession.repositoryRoot.appendingPathComponent("Tests/TokenizersTests/Fixtures")

    /// The decompressed vectors of a tokenizer, written to a temporary file: each line is also a valid
    /// input line (the command reads `text` and `add_special_tokens` and ignores the rest).
    static func vectorsFile(_ name: String) throws -> URL {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xz")
        process.arguments = ["-dc", fixtures.appendingPathComponent("golden/vectors-\(name).jsonl.xz").path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vectors-\(name)-\(getpid()).jsonl")
        try data.write(to: url)
        return url
    }

    static func sameJSON(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case let (a as String, b as String): a.utf8.elementsEqual(b.utf8)
        case let (a as [Any], b as [Any]): a.count == b.count && zip(a, b).allSatisfy { sameJSON($0, $1) }
        case let (a as NSNumber, b as NSNumber): a == b
        case (is NSNull, is NSNull): true
        default: false
        }
    }

    @Test(arguments: ["small-llama-legacy", "small-bytelevel"])
    func jsonlReproducesEveryFieldOfTheGoldenVectors(_ name: String) throws {
        let input = try Self.vectorsFile(name)
        defer { try? FileManager.default.removeItem(at: input) }
        let tokenizer = Self.fixtures.appendingPathComponent(name).path   // a model directory holding tokenizer.json
        let result = try TmuxSession.run(TmuxSession.binary, ["tokenize", tokenizer, "--jsonl", input.path])
        #expect(result.status == 0, "\(result.error)")
        let expected = try String(contentsOf: input, encoding: .utf8).split(separator: "\n")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == expected.count && expected.count == 600)
        var differing = 0
        for (line, want) in zip(lines, expected) {
            let got = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            let wanted = try #require(try JSONSerialization.jsonObject(with: Data(want.utf8)) as? [String: Any])
            for field in ["ids", "tokens", "decoded", "decoded_skip_special", "stream"] where !Self.sameJSON(got[field], wanted[field]) {
                differing += 1
                Issue.record("\(name) \(field): \(line.prefix(300)) expected \(want.prefix(300))")
            }
            if differing > 5 { break }
        }
    }

    @Test func textShowsIdsAndEscapedPieces() throws {
        let tokenizer = Self.fixtures.appendingPathComponent("small-bytelevel/tokenizer.json").path
        let result = try TmuxSession.run(TmuxSession.binary, ["tokenize", tokenizer, "--text", "Hi\n<|im_end|>"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("4 tokens\n") || result.output.contains(" tokens\n"), "\(result.output)")
        #expect(result.output.contains("\"<|im_end|>\"  special"), "\(result.output)")
        #expect(result.output.contains("decoded: \"Hi\\n<|im_end|>\""), "\(result.output)")
        #expect(!result.output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func aMalformedOrMissingTokenizerIsOneLineAndExitStatus2() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-tokenizer-\(getpid()).json")
        try Data("{\"model\": {\"vocab\": {\"a\": 0}, \"merges\": [\"a b\"]}}".utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        for path in [bad.path, "/nonexistent/tokenizer.json"] {
            let result = try TmuxSession.run(TmuxSession.binary, ["tokenize", path, "--text", "a"])
            #expect(result.status == 2, "\(path): \(result.error)")
            #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
        }
        let result = try TmuxSession.run(TmuxSession.binary, ["tokenize", bad.path, "--text", "a"])
        #expect(result.error.contains("model.merges[0]"), "\(result.error)")
    }
}
