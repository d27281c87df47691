import ArgumentParser
import Foundation
import GatedDeltaNet
import TerminalUI

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Play a lesson: a hand-written stream of keys, values and gates, narrated step by step.",
        discussion: "NAME is a lesson of Samples/lessons (interference, gating, gated-delta, grouped-keys, ...) or a .lesson file.")

    @Argument(help: "Lesson name or file.")
    var name: String

    @Option(help: "Start in this view: memory, rules or erasure.")
    var view: String = "rules"

    @OptionGroup var display: DisplayFlags

    func run() throws {
        guard let start = TeachingView(rawValue: view) else {
            throw ValidationError("--view must be memory, rules or erasure")
        }
        var explorer = Explorer(recording: try Lesson.load(named: name, in: SampleModels.lessons).recording)
        explorer.show(start)
        try explorer.perform(.toggleRecall)
        try AppLoop.launch(explorer, noColor: display.noColor, ascii: display.ascii)
    }
}
