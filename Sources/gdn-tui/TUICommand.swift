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
        let loaded = try source.loadModel()
        var explorer = Explorer(model: loaded)
        let inBackground = text.count > AppLoop.backgroundThreshold
        if !inBackground { try explorer.feed(bytes: text) }
        try AppLoop.launch(explorer, noColor: display.noColor, ascii: display.ascii, feeding: inBackground ? text : nil)
    }
}
