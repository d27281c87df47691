import ArgumentParser
import Foundation
import GatedDeltaNet
import NCursesTerminal
import TerminalUI

struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the interactive visualizer (the default when no subcommand is given).")

    static let defaultPrompt = "Gates erase; the delta rule overwrites one key at a time."

    @Option(help: "fla checkpoint directory, or the name of a bundled sample model.")
    var model: String?

    @Option(help: "Text to feed the model at start.")
    var prompt: String?

    @Option(name: .customLong("prompt-file"), help: "Read the starting text from a file.")
    var promptFile: String?

    @OptionGroup var display: DisplayFlags

    func validate() throws {
        if prompt != nil, promptFile != nil { throw ValidationError("give --prompt or --prompt-file, not both") }
    }

    func run() throws {
        let text: String
        if let promptFile {
            guard let data = FileManager.default.contents(atPath: promptFile) else {
                throw ModelError("\(promptFile): cannot read the prompt file")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = prompt ?? Self.defaultPrompt
        }
        let loaded = try GatedDeltaNetModel(directory: try SampleModels.resolve(model))
        var explorer = Explorer(model: loaded)
        let inBackground = text.utf8.count > AppLoop.backgroundThreshold
        if !inBackground { try explorer.feed(text) }
        try AppLoop.launch(explorer, noColor: display.noColor, ascii: display.ascii, feeding: inBackground ? text : nil)
    }
}
