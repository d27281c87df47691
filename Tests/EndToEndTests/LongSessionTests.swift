import Foundation
import Testing

/// A 100,000-byte prompt from a file with the sample model: prefill in the background with progress,
/// keys that act meanwhile, stepping back anywhere afterwards, and resident memory bounded by the
/// session's checkpoints (every 64 tokens within a 256 MB budget) instead of a state per token.
/// The debug binary prefills tiny-gdn at about 2.5k tokens/s on the 2-core development machine, so
/// this test takes about a minute; the waits allow four times that.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
struct LongSessionTests {
    static let promptBytes = 100_000

    /// Words of the sample prompt in a scrambled order (a stride coprime to their count), with control
    /// bytes and invalid UTF-8 now and then (a long prompt from a file may hold anything).
    static func prompt() -> [UInt8] {
        let words = ["gates", "erase;", "the", "delta", "rule", "overwrites", "one", "key", "at", "a", "time.\n"]
        var bytes: [UInt8] = []
        var i = 0
        while bytes.count < promptBytes {
            bytes += Array(words[(i * 7 + i / 11) % words.count].utf8) + [0x20]
            if i % 997 == 0 { bytes += [0x1B, 0xFF, 0x07] }
            i += 1
        }
        return Array(bytes.prefix(promptBytes))
    }

    func position(_ screen: String) -> (Int, Int)? {
        guard let match = screen.firstMatch(of: /t (\d+) \/ (\d+)/) else { return nil }
        return (Int(match.1)!, Int(match.2)!)
    }

    func progress(_ screen: String) -> Int? {
        screen.firstMatch(of: /prefill \d+% \((\d+)\/100000\)/).map { Int($0.1)! }
    }

    @Test func hundredThousandBytePrompt() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-long-\(getpid()).txt")
        try Data(Self.prompt()).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let tmux = try TmuxSession(width: 120, height: 36)
        defer { tmux.kill() }
        try tmux.launch("--model tiny-gdn --prompt-file \(file.path)")
        let process = try tmux.foregroundProcess()

        // Progress in the status line, growing.
        let first = try tmux.waitFor("prefill progress") { progress($0) != nil }
        let early = try #require(progress(first))
        // The keys act during the prefill: help opens and closes, the command line takes input.
        try tmux.type("?")
        try tmux.waitFor(text: "step forward")
        try tmux.press("Escape")
        try tmux.waitFor("help to close") { !$0.contains("step forward") }
        try tmux.type(":goto 5")
        try tmux.waitFor(text: ":goto 5")
        try tmux.press("Escape")
        let later = try tmux.waitFor("more progress") { (progress($0) ?? 0) > early }
        #expect(progress(later)! < Self.promptBytes, "the prefill was still running while the keys acted")

        // Done: every byte is a token, the cursor at the last one.
        // The whole frame: tmux can be read while ncurses is still writing one (the token strip new,
        // the status line old), so the status line's progress must be gone too.
        try tmux.waitFor("the whole prompt", seconds: 240) {
            (position($0).map { $0 == (100_000, 100_000) } ?? false) && !$0.contains("prefill")
        }
        let afterPrefill = try TmuxSession.residentMegabytes(process)
        #expect(afterPrefill < 500, "VmRSS \(afterPrefill) MB after 100k tokens")

        // Anywhere in it: each step is recomputed from the nearest checkpoint and drawn.
        var heatmaps: [[Substring]] = []
        for step in [50_000, 1, 99_999, 73_313] {
            try tmux.type(":goto \(step)")
            try tmux.press("Enter")
            try tmux.waitFor("step \(step)") { position($0).map { $0 == (step, 100_000) } ?? false }
            let colored = try tmux.settledScreen(colors: true)
            heatmaps.append(colored.split(separator: "\n").filter { $0.contains("▀") })
        }
        #expect(heatmaps.allSatisfy { !$0.isEmpty })
        #expect(Set(heatmaps.map { $0.joined(separator: "\n") }).count == heatmaps.count, "each step shows its own state")
        try tmux.press("Left")
        try tmux.waitFor("a step back") { position($0).map { $0 == (73_312, 100_000) } ?? false }
        let afterStepping = try TmuxSession.residentMegabytes(process)
        #expect(afterStepping < 500, "VmRSS \(afterStepping) MB after stepping through the session")

        // The teaching views deep in the session: they analyse a window before the cursor, so memory
        // stays bounded and the screen comes back at once (the whole session would take ~1 GB).
        try tmux.type("v")
        try tmux.waitFor(text: "rules  L0")
        try tmux.type("v")
        try tmux.type("r")
        let erasure = try tmux.waitFor(text: "recall of j=")
        #expect(erasure.contains("erasure"))
        let afterTeaching = try TmuxSession.residentMegabytes(process)
        #expect(afterTeaching < 500, "VmRSS \(afterTeaching) MB with the teaching views on")
        print("LongSessionTests: VmRSS \(Int(afterPrefill)) MB after the prefill, \(Int(afterStepping)) MB after "
              + "stepping, \(Int(afterTeaching)) MB with the teaching views")

        try tmux.type("q")
        try tmux.waitFor(text: "status=0")
    }
}
