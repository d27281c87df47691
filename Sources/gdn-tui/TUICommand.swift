import ArgumentParser
import Foundation
import GatedDeltaNet
import NCursesTerminal
import TerminalUI

struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the interactive visualizer (the default when no subcommand is given).")

    @OptionGroup var source: PromptOptions

    @OptionGroup var display: DisplayFlags

    func run() throws {
        let text = try source.text(or: try SampleModels.defaultPrompt().text)
        let loaded = try source.loadModel()
        var explorer = Explorer(model: loaded)
        let inBackground = text.utf8.count > AppLoop.backgroundThreshold
        if !inBackground { try explorer.feed(text) }
        try AppLoop.launch(explorer, noColor: display.noColor, ascii: display.ascii, feeding: inBackground ? text : nil)
    }
}
