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

    @OptionGroup var source: PromptOptions

    @Flag(name: .customLong("no-color"), help: "Glyph shading only, no colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "ASCII only, for terminals without Unicode block characters.")
    var ascii = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        do { try Terminal.checkUsable(environment: environment) } catch {
            throw ModelError("\(error); to run without a terminal use `gdn-tui run --prompt TEXT`")
        }
        let text = try source.text(or: Self.defaultPrompt)
        let loaded = try source.loadModel()
        var explorer = Explorer(model: loaded)
        if text.utf8.count <= AppLoop.backgroundThreshold { try explorer.feed(text) }

        let terminal = Terminal()
        let mode = try terminal.start(noColorFlag: noColor, environment: environment)
        defer { terminal.stop() }
        var ui = UIState(display: DisplayOptions(colorMode: mode, asciiOnly: ascii))
        ui.focus = .tokens
        let loop = AppLoop(explorer: explorer, ui: ui, terminal: terminal)
        if text.utf8.count > AppLoop.backgroundThreshold { loop.start(feeding: text) }
        loop.run()
    }
}
