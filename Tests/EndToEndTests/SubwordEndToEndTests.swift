import Foundation
import Testing

/// A checkpoint with a subword tokenizer in the real binary: the token strip shows its pieces (word
/// starts marked `▁`, the BOS by name), the next-token pane lists pieces, typed text is encoded with
/// the model's tokenizer, and `run`, `eval` and `export` speak tokens.
@Suite(.serialized) struct SubwordEndToEndTests {
    static var model: String {
        TmuxSession.repositoryRoot.appendingPathComponent("Tests/GatedDeltaNetTests/Fixtures/subword-gdn").path
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
    func theScreenShowsPiecesAndPredictsPieces() throws {
        let tmux = try TmuxSession(width: 120, height: 30)
        defer { tmux.kill() }
        try tmux.launch("--model \(Self.model) --prompt 'Hello world'")
        // <s> ▁H el lo ▁w or l d: HF's encoding of the prompt after the template's BOS.
        try tmux.waitFor("the pieces in the token strip") { $0.contains("<s>") && $0.contains("▁H") && $0.contains("▁w") }
        let screen = try tmux.settledScreen()
        #expect(screen.contains("t 8 / 8"), "\(screen)")
        #expect(screen.contains("next token"))
        // Typed text goes through the tokenizer too: " cat" is one more word start.
        try tmux.type("i")
        try tmux.type(" cat")
        try tmux.press("Enter")
        try tmux.waitFor("the typed word's pieces") { $0.contains("▁c") && !$0.contains("t 8 / 8") }
        try tmux.type("q")
        try tmux.waitFor(text: "status=0")
    }

    @Test func runEvalAndExportSpeakTokens() throws {
        let run = try TmuxSession.run(TmuxSession.binary, ["run", "--model", Self.model, "--prompt", "Hello", "--generate", "5"])
        #expect(run.status == 0, "\(run.error)")
        #expect(!run.output.contains("#"), "pieces, not ids: \(run.output)")
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-subword-\(getpid()).txt")
        try Data("The cat sat on the mat.".utf8).write(to: data)
        defer { try? FileManager.default.removeItem(at: data) }
        let eval = try TmuxSession.run(TmuxSession.binary, ["eval", "--model", Self.model, "--data", data.path, "--json"])
        #expect(eval.status == 0, "\(eval.error)")
        #expect(eval.output.contains("\"bits_per_token\"") && eval.output.contains("\"bits_per_byte\""))
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-subword-\(getpid()).csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        let export = try TmuxSession.run(TmuxSession.binary, ["export", "--model", Self.model, "--prompt", "Hello world",
                                                              "--out", csv.path])
        #expect(export.status == 0, "\(export.error)")
        let rows = try String(contentsOf: csv, encoding: .utf8)
        #expect(rows.contains("token_piece,0,,2,,,\"▁H\""), "\(rows.prefix(400))")
    }
}
