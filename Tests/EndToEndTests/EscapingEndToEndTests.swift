import Foundation
import Testing

/// Text from outside (file names, file contents, prompts) reaches the terminal escaped, never raw:
/// on the screen (status line, token strip) and in the one-line errors on stderr.
@Suite(.serialized) struct EscapingEndToEndTests {
    static var sampleModel: URL {
        TmuxSession.repositoryRoot.appendingPathComponent("Samples/models/tiny-gdn")
    }

    /// A fresh directory for a test's files, removed by the caller.
    func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-escape-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
    func modelNameAndPromptBytesAreEscapedOnScreen() throws {
        let scratch = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A model directory whose name holds an escape sequence (reverse video) and a bell.
        try FileManager.default.createSymbolicLink(
            at: scratch.appendingPathComponent("tiny\u{1b}[7m\u{7}gdn"), withDestinationURL: Self.sampleModel)
        // A prompt with a clear-screen sequence, an invalid UTF-8 byte and a newline.
        let prompt = scratch.appendingPathComponent("prompt.txt")
        try Data(Array("ab\u{1b}[2J".utf8) + [0xFF] + Array("cd\nef".utf8)).write(to: prompt)

        let tmux = try TmuxSession(width: 120, height: 30)
        defer { tmux.kill() }
        try tmux.launch("--model $'\(scratch.path)/tiny\\e[7m\\agdn' --prompt-file \(prompt.path)")
        // (Waited for, not read once: tmux may show a frame half drawn.)
        try tmux.waitFor("the escaped model name in the status line") { $0.contains(#"tiny\x1b[7m\x07gdn │"#) }
        try tmux.waitFor("the escaped prompt in the token strip") { $0.contains(#"ab\x1b[2J\xffcd\nef"#) }
        // Raw, the sequences would have turned the status line to reverse video or cleared the screen.
        let colored = try tmux.screen(colors: true)
        #expect(colored.contains(#"ab\x1b[2J"#))
        try tmux.type("q")
        try tmux.waitFor(text: "status=0")
    }

    /// Bad files give one escaped line on stderr naming the file and the problem, and exit status 2.
    @Test func refusedFilesGiveOneEscapedLine() throws {
        let scratch = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let model = scratch.appendingPathComponent("odd\u{1b}]0;title\u{7}model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.sampleModel.appendingPathComponent("model.safetensors"),
                                         to: model.appendingPathComponent("model.safetensors"))
        try Data(#"{"model_type": "gated_deltanet\n\u001b[31m", "hidden_size": 128}"#.utf8)
            .write(to: model.appendingPathComponent("config.json"))
        // The sample model cut off after 5,000 bytes, as a broken download would be.
        let truncated = scratch.appendingPathComponent("truncated")
        try FileManager.default.createDirectory(at: truncated, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.sampleModel.appendingPathComponent("config.json"),
                                         to: truncated.appendingPathComponent("config.json"))
        try Data(try Data(contentsOf: Self.sampleModel.appendingPathComponent("model.safetensors")).prefix(5000))
            .write(to: truncated.appendingPathComponent("model.safetensors"))

        // A kernel case for verify whose name has an escape sequence, its data cut short.
        let kernelCase = scratch.appendingPathComponent("case\u{1b}[1m.safetensors")
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        try (Data([UInt8(header.utf8.count), 0, 0, 0, 0, 0, 0, 0]) + Data(header.utf8) + Data([0, 0])).write(to: kernelCase)

        let cases: [(arguments: [String], expected: String)] = [
            (["run", "--model", model.path, "--prompt", "x"],
             #"odd\x1b]0;title\x07model/config.json: model_type "gated_deltanet\n\x1b[31m" is not gated_deltanet"#),
            (["run", "--model", "no\nsuch\u{1b}[2Jmodel", "--prompt", "x"], #"no\nsuch\x1b[2Jmodel: no such model directory"#),
            (["run", "--model", truncated.path, "--prompt", "x"], "truncated/model.safetensors: tensor"),
            (["run", "--model", scratch.path, "--prompt", "x"], "config.json: cannot read config"),
            (["verify", kernelCase.path], #"case\x1b[1m.safetensors: tensor 'w': data_offsets [0, 8] out of range"#),
        ]
        for (arguments, expected) in cases {
            let result = try TmuxSession.run(TmuxSession.binary, arguments)
            let lines = result.error.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(result.status == 2, "\(arguments): status \(result.status)")
            // verify reports each bad file as it goes on (and sums up on stdout), the others stop at once;
            // all with the same prefix.
            #expect(lines.count == 1 && lines[0].hasPrefix("Error: ") && lines[0].contains(expected),
                    "\(arguments): \(result.error.debugDescription)")
            #expect(!result.error.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no raw control bytes")
        }
    }
}

/// Wide and combining characters reach a real terminal in their own width: typed CJK, an emoji and
/// an accent made of a combining mark stay in place, and what follows them is not shifted.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
struct WideCharacterEndToEndTests {
    @Test func wideAndCombiningTextOnTheCommandLine() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.launch("--model tiny-gdn --prompt hi")
        try tmux.waitFor(text: "t 2 / 2")
        try tmux.type("i")
        try tmux.type("日本e\u{301}🙂|end")
        try tmux.waitFor("the line with its wide characters") { $0.contains("> 日本e\u{301}🙂|end") || $0.contains("> 日本é🙂|end") }
        let line = try tmux.screen().split(separator: "\n").last { $0.contains("|end") }.map(String.init) ?? ""
        #expect(!line.contains("?"), "\(line)")
        try tmux.press("Escape")
        try tmux.type("q")
        try tmux.waitFor(text: "status=0")
    }
}
