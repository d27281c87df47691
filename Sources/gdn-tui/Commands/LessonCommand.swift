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
    var view = TeachingView.rules

    @OptionGroup var display: DisplayFlags

    func run() throws {
        var explorer = Explorer(recording: try FileRefused.reading {
            try Lesson.load(named: name, in: SampleModels.lessons).recording
        })
        explorer.show(view)
        try explorer.perform(.toggleRecall)
        try AppLoop.launch(explorer, noColor: display.noColor, ascii: display.ascii)
    }
}
