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

    @Flag(name: .customLong("no-color"), help: "Glyph shading only, no colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "ASCII only, for terminals without Unicode block characters.")
    var ascii = false

    func validate() throws {
        if prompt != nil, promptFile != nil { throw ValidationError("give --prompt or --prompt-file, not both") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        do { try Terminal.checkUsable(environment: environment) } catch {
            throw ModelError("\(error); to run without a terminal use `gdn-tui run --prompt TEXT`")
        }
        // Bytes, not a String: a prompt file's invalid UTF-8 reaches the byte-level model unchanged.
        let text: [UInt8]
        if let promptFile {
            guard let data = FileManager.default.contents(atPath: promptFile) else {
                throw FileRefused(description: "\(promptFile): cannot read the prompt file")
            }
            text = Array(data)
        } else {
            text = Array((prompt ?? Self.defaultPrompt).utf8)
        }
        let loaded = try FileRefused.reading { try GatedDeltaNetModel(directory: try SampleModels.resolve(model)) }
        var explorer = Explorer(model: loaded)
        if text.count <= AppLoop.backgroundThreshold { try explorer.feed(bytes: text) }

        let terminal = Terminal()
        let mode = try terminal.start(noColorFlag: noColor, environment: environment)
        defer { terminal.stop() }
        var ui = UIState(display: DisplayOptions(colorMode: mode, asciiOnly: ascii))
        ui.focus = .tokens
        let loop = AppLoop(explorer: explorer, ui: ui, terminal: terminal)
        if text.count > AppLoop.backgroundThreshold { loop.start(feeding: text) }
        loop.run()
    }
}
