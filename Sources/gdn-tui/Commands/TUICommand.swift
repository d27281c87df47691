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
        // Bytes, not a String: a prompt file's invalid UTF-8 reaches the byte-level model unchanged.
        let text = try source.bytes(or: try SampleModels.defaultPrompt().text)
        // The loop feeds it: at once when short, in the background with progress when long.
        let explorer = Explorer(model: try source.loadModel())
        try AppLoop.launch(explorer, noColor: display.noColor, ascii: display.ascii, feeding: text)
    }
}
