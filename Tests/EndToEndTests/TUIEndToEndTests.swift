import Foundation
import Testing

/// The real binary in a real terminal (tmux): the acceptance walk of the TUI issue.
@Suite(.serialized) struct TUIEndToEndTests {
    /// The token counter "t N / T" of the token strip.
    func position(_ screen: String) -> (Int, Int)? {
        guard let range = screen.range(of: #"t (\d+) / (\d+)"#, options: .regularExpression) else { return nil }
        let numbers = screen[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    /// The heatmap's rows: the colour escapes of the memory pane's lines.
    func heatmapRows(_ colored: String) -> [Substring] {
        colored.split(separator: "\n").filter { $0.contains("▀") }
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
    func acceptanceWalk() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.waitFor(text: "e2e$")
        try tmux.type("\(TmuxSession.binary)")
        try tmux.press("Enter")

        // Opens on the sample model with the sample prompt, at its last token.
        // The whole first frame: tmux can be read while ncurses is still writing it, so wait for the
        // status line (the last thing drawn) as well.
        let first = try tmux.waitFor("the first frame") {
            position($0) != nil && $0.contains("memory S") && $0.contains("? help")
        }
        #expect(first.contains("gdn-text"))
        let (t0, total0) = try #require(position(first))
        #expect(t0 == total0 && total0 > 10)

        // Left steps back, right steps forward: t moves and the heatmap changes.
        try tmux.press("Left")
        let back = try tmux.waitFor("t to go back") { position($0)?.0 == t0 - 1 }
        let heatBack = heatmapRows(try tmux.settledScreen(colors: true))
        try tmux.press("Right")
        try tmux.waitFor("t to advance") { position($0)?.0 == t0 }
        let heatForward = heatmapRows(try tmux.settledScreen(colors: true))
        #expect(!heatBack.isEmpty && heatBack != heatForward, "the memory heatmap must change between steps")
        #expect(back.contains("memory S"))

        // At the end, right generates a token: T grows.
        try tmux.press("Right")
        try tmux.waitFor("a generated token") { position($0)?.1 == total0 + 1 }

        // Typed text goes to the model and shows in the token strip.
        try tmux.press("i")
        try tmux.type("hello e2e")
        try tmux.press("Enter")
        // (The command line echoes the text while typing: wait for the token count, then look at the strip.)
        let fed = try tmux.waitFor("the fed tokens") { position($0)?.1 == total0 + 1 + 9 }
        #expect(fed.split(separator: "\n").prefix(3).contains { $0.contains("hello e2e") })

        // Commands: :layer 1 selects the second layer.
        try tmux.type(":layer 1")
        try tmux.press("Enter")
        try tmux.waitFor(text: "layer 1/3")

        // ? shows the help generated from the key map; Escape closes it.
        try tmux.type("?")
        try tmux.waitFor(text: "step forward")
        try tmux.press("Escape")
        try tmux.waitFor("help to close") { !$0.contains("step forward") }

        // Too small a terminal shows the size it needs; back to normal afterwards.
        try tmux.resize(width: 60, height: 15)
        try tmux.waitFor(text: "needs at least")
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor("the panes to return") { $0.contains("memory S") && !$0.contains("needs at least") }

        // q quits and the shell works as before: prompt back, echo on, canonical mode restored.
        try tmux.type("q")
        try tmux.waitFor("the shell prompt") { $0.contains("e2e$") && !$0.contains("memory S") }
        #expect(try tmux.terminalIsRestored())
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
    func ctrlCRestoresTheTerminal() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.launch()
        try tmux.waitFor(text: "memory S")
        try tmux.press("C-c")
        try tmux.waitFor(text: "status=130")
        #expect(try tmux.terminalIsRestored())
    }

    @Test func withoutATerminalItSaysSoInOneLine() throws {
        let result = try TmuxSession.run(TmuxSession.binary, [])
        #expect(result.status != 0)
        let lines = result.error.split(separator: "\n")
        #expect(lines.count == 1, "\(result.error)")
        #expect(result.error.contains("gdn-tui run"))
    }

    /// `:load` takes what --model takes: a bundled model's name as well as a directory.
    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
    func loadTakesABundledModelByName() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.launch("--model tiny-gdn --prompt 'a=3 ?a>'")
        try tmux.waitFor(text: "tiny-gdn │")
        try tmux.type(":load gdn-recall")
        try tmux.press("Enter")
        let loaded = try tmux.waitFor(text: "gdn-recall │")
        #expect(loaded.contains("a=3 ?a>"))
        try tmux.type("q")
        try tmux.waitFor(text: "status=0")
    }
}
