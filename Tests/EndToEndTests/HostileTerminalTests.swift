import Foundation
import Testing

/// The binary in terminals people do not plan for: resize storms, 1 x 1 and 500 x 200 windows, 8 colours,
/// unusable TERM values, and fatal signals. Each must leave a working screen or a restored shell.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
struct HostileTerminalTests {
    /// The screen's lines, as tmux shows them (trailing blanks trimmed).
    func lines(_ screen: String) -> [Substring] { screen.split(separator: "\n", omittingEmptySubsequences: false) }

    /// The full layout drawn at exactly `width`: the token pane's frame spans the first line.
    func isFullLayout(_ screen: String, width: Int) -> Bool {
        guard let first = lines(screen).first else { return false }
        return first.hasPrefix("┌ tokens") && first.hasSuffix("┐") && first.count == width
            && screen.contains("memory S") && screen.contains("tiny-gdn │") && !screen.contains("needs at least")
    }

    @Test func resizeStormEndsInACorrectRedraw() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.launch("--model tiny-gdn")
        try tmux.waitFor(text: "memory S")
        // 50 resizes back to back (each one SIGWINCH), about half a second in all: sizes above and
        // below the 60 x 16 minimum, so the layout and the size message alternate mid-storm.
        for i in 0..<50 {
            try tmux.resize(width: 20 + (i * 37) % 200, height: 5 + (i * 23) % 60)
        }
        try tmux.resize(width: 123, height: 41)
        let screen = try tmux.waitFor("the layout at 123x41") { isFullLayout($0, width: 123) }
        #expect(lines(screen).count >= 41)
        // Still running and usable: a step back moves the cursor.
        try tmux.press("Left")
        try tmux.waitFor("a step back") { $0.range(of: #"t (\d+) / \1\b"#, options: .regularExpression) == nil }
        try tmux.type("q")
        try tmux.waitFor(text: "status=0")
        #expect(try tmux.terminalIsRestored())
    }

    @Test func oneByOneAndFiveHundredByTwoHundred() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.launch("--model tiny-gdn")
        try tmux.waitFor(text: "memory S")
        let process = try tmux.foregroundProcess()

        try tmux.resize(width: 1, height: 1)
        usleep(1_000_000)
        let tiny = try tmux.screen()
        #expect(lines(tiny).allSatisfy { $0.count <= 1 }, "\(tiny.debugDescription)")
        #expect(kill(process, 0) == 0, "the binary must survive a 1x1 window")

        try tmux.resize(width: 500, height: 200)
        let huge = try tmux.waitFor("the layout at 500x200") { isFullLayout($0, width: 500) }
        for pane in ["update at t", "gates", "next token"] { #expect(huge.contains(pane), "\(pane)") }
        #expect(lines(huge).count >= 200)

        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor("the layout at 100x30") { isFullLayout($0, width: 100) }
        try tmux.type("q")
        try tmux.waitFor(text: "status=0")
    }

    /// xterm and screen (tmux's classic default-terminal) have 8 colours in terminfo: the app
    /// picks its 8-colour map from ncurses' colour count, sends only the 8 basic colour escapes (tmux
    /// would keep 256-colour ones as 38;5;N / 48;5;N), and still draws the diverging heatmap in more
    /// than one colour.
    @Test(arguments: ["xterm", "screen"])
    func eightColourTerminal(term: String) throws {
        let tmux = try TmuxSession(width: 100, height: 30, term: term)
        defer { tmux.kill() }
        try tmux.launch("--model tiny-gdn")
        // The status line names the colour mode; the whole frame is there once it shows.
        try tmux.waitFor(text: "8c scale")
        let colored = try tmux.waitFor("a heatmap in two colours at least", colors: true) {
            Set($0.matches(of: /\e\[(?:[0-9;]*;)?(4[0-7])[;m]/).map { String($0.1) }).count >= 2
        }
        #expect(!colored.contains("38;5;") && !colored.contains("48;5;") && !colored.contains("38;2;"))
        try tmux.press("Left")
        try tmux.waitFor("a step back") { $0.range(of: #"t (\d+) / \1\b"#, options: .regularExpression) == nil }
        try tmux.type("q")
        try tmux.waitFor(text: "status=0")
        #expect(try tmux.terminalIsRestored())
    }

    /// An unusable TERM: one line saying what to do, exit status 1, nothing else on the screen.
    @Test(arguments: [("env -u TERM", "TERM is not set"), ("TERM=dumb", "TERM=dumb cannot draw"),
                      ("TERM=no-such-terminal", "unknown terminal type TERM=no-such-terminal")])
    func unusableTerminalTypes(environment: String, expected: String) throws {
        let tmux = try TmuxSession(width: 200, height: 30)
        defer { tmux.kill() }
        try tmux.launch(environment: environment)
        let shown = lines(try tmux.waitFor(text: "status=1"))
        let status = try #require(shown.firstIndex { $0.hasPrefix("status=1") })
        try #require(status >= 2)
        #expect(shown[status - 1].contains(expected) && shown[status - 1].hasPrefix("Error: "), "\(shown)")
        #expect(shown[status - 2].contains("echo status"), "one message line between command and status: \(shown)")
    }

    /// A fatal signal, whether a request to stop or a crash, restores the terminal before the process
    /// ends: SIGTERM and SIGHUP exit 128+N; SIGSEGV and SIGABRT (what a crash or a trap raises, sent
    /// here with kill) go on to Swift's crash report and end as the signal (status 128+N too).
    @Test(arguments: [(SIGTERM, 143), (SIGHUP, 129), (SIGSEGV, 139), (SIGABRT, 134)])
    func fatalSignalsRestoreTheTerminal(signal: Int32, status: Int) throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.launch("--model tiny-gdn")
        try tmux.waitFor(text: "memory S")
        #expect(kill(try tmux.foregroundProcess(), signal) == 0)
        // After a crash Swift's backtracer prints its report on the restored screen and, on a terminal,
        // waits for a key; a key it reads is one more sign that the terminal works again.
        let after = try tmux.waitFor("the exit or the crash report") {
            $0.contains("status=\(status)") || $0.contains("any other key to quit")
        }
        if after.contains("any other key to quit") { try tmux.type("q") }
        try tmux.waitFor(text: "status=\(status)")
        #expect(try tmux.terminalIsRestored())
    }
}
