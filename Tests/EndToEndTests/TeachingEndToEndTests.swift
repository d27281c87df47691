import Foundation
import Testing

/// The teaching views in the real binary and a real terminal (tmux): the rule comparison on the sample
/// model, a lesson played with `:lesson` and `gdn-tui lesson`, a trace opened with `gdn-tui open`, and
/// one-line errors for bad lesson and trace files.
@Suite(.serialized) struct TeachingEndToEndTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gdn-teach-e2e-\(getpid())-\(name)").path
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
    func comparisonViewAndALesson() throws {
        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.waitFor(text: "e2e$")
        try tmux.type(TmuxSession.binary)
        try tmux.press("Enter")
        try tmux.waitFor(text: "memory S")

        // v: the four rules side by side, the model's own rule marked, each with its drift.
        try tmux.type("v")
        let rules = try tmux.waitFor(text: "gated delta (own)")
        #expect(rules.contains("linear") && rules.components(separatedBy: "drift S").count == 5 && !rules.contains("memory S"))
        // 3 picks the delta rule, b forces beta = 0 for it: memory is never written, so its drift is 1.
        try tmux.type("3")
        try tmux.type("b")
        let forced = try tmux.waitFor(text: "delta [β=0]")
        #expect(forced.contains("drift S 1 o 1"))
        // v again: the accounting beside the memory; r: the recall strip.
        try tmux.type("v")
        try tmux.waitFor("the accounting") { $0.contains("gate erase") && $0.contains("memory S") }
        try tmux.type("r")
        try tmux.waitFor(text: "recall of j=")

        // :lesson plays a lesson with no model: narration instead of next-token guesses.
        try tmux.type(":lesson gating")
        try tmux.press("Enter")
        try tmux.waitFor("the lesson") { $0.contains("lesson gating") && $0.contains("The cat is red.") && !$0.contains("next token") }
        for _ in 0..<4 { try tmux.type("l") }
        let wiped = try tmux.waitFor(text: "alpha = 0 wipes")
        #expect(wiped.contains("t 5 / 6"))
        // At the end of a lesson stepping forward stays on the last step.
        for _ in 0..<3 { try tmux.type("l") }
        try tmux.waitFor(text: "A fresh start")
        // A lesson that does not exist: one line naming the file and the lessons there are.
        try tmux.type(":lesson nonesuch")
        try tmux.press("Enter")
        let missing = try tmux.waitFor(text: "nonesuch: no such lesson")
        #expect(missing.contains("interference"))

        try tmux.type("q")
        try tmux.waitFor("the shell prompt") { $0.contains("e2e$") && !$0.contains("lesson") }
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is installed by .ci/test"))
    func lessonAndOpenCommands() throws {
        let trace = Self.temporaryPath("trace.safetensors")
        defer { try? FileManager.default.removeItem(atPath: trace) }
        let run = try TmuxSession.run(TmuxSession.binary, [
            "run", "--model", "tiny-gdn", "--prompt", "abc", "--generate", "2", "--trace", trace])
        #expect(run.status == 0, "\(run.error)")

        let tmux = try TmuxSession(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.waitFor(text: "e2e$")
        try tmux.type("\(TmuxSession.binary) lesson interference")
        try tmux.press("Enter")
        let lesson = try tmux.waitFor("the lesson") { $0.contains("delta (own)") && $0.contains("cat:red") }
        #expect(lesson.contains("The cat is red"))
        try tmux.type("q")
        try tmux.waitFor("the shell prompt") { $0.contains("e2e$") && !$0.contains("cat:red") }

        try tmux.type("clear; \(TmuxSession.binary) open \(trace)")
        try tmux.press("Enter")
        let opened = try tmux.waitFor("the trace") { $0.contains("no model") && $0.contains("t 1 / 5") }
        #expect(opened.contains("memory S"))
        try tmux.type("]")
        try tmux.waitFor(text: "layer 1/1")
        try tmux.type("q")
        try tmux.waitFor("the shell prompt") { $0.contains("e2e$") && !$0.contains("memory S") }
    }

    @Test func badLessonAndTraceFilesFailWithOneLine() throws {
        let lesson = Self.temporaryPath("bad.lesson")
        defer { try? FileManager.default.removeItem(atPath: lesson) }
        try Data("rule delta\ndims 2 2\nkey a = onehot 7\n".utf8).write(to: URL(fileURLWithPath: lesson))
        let badLesson = try TmuxSession.run(TmuxSession.binary, ["lesson", lesson])
        #expect(badLesson.status != 0)
        #expect(badLesson.error.contains("\(lesson):3: key a: onehot needs an index in 0..<2"), "\(badLesson.error)")
        let badTrace = try TmuxSession.run(TmuxSession.binary, ["open", lesson])
        #expect(badTrace.status != 0 && badTrace.error.contains(lesson), "\(badTrace.error)")
        for result in [badLesson, badTrace] {
            #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
        }
    }
}
