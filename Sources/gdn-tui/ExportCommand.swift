import ArgumentParser
import Foundation
import GatedDeltaNet
import TerminalUI

/// `:export` from a script: feeds a prompt, puts the cursor on step t and writes the view there.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the view at one step as .svg, .json, .csv or .txt, without a terminal.",
        discussion: "Example: gdn-tui export --prompt \"a=1 b=2 a=3\" --at 9 --layer 1 --head 0 --out step9.svg")

    @OptionGroup var source: PromptOptions

    @Option(help: "The step to show, 1-based as on screen (default: the last).")
    var at: Int?

    @Option(help: "Layer, 0-based.")
    var layer = 0

    @Option(help: "Head (value head), 0-based.")
    var head = 0

    @Option(help: "Memory heatmap scale: a number, or auto (max |S|).")
    var scale = "auto"

    @Option(help: "Screen size for .txt, as COLUMNSxROWS.")
    var size = "120x40"

    @Option(help: "Output file; its extension picks the format: .svg .json .csv .txt.")
    var out: String

    func validate() throws {
        guard source.hasText else { throw ValidationError("give --prompt or --prompt-file") }
        if let at, at < 1 { throw ValidationError("--at is 1-based: 1 or more") }
        guard layer >= 0, head >= 0 else { throw ValidationError("--layer and --head are 0 or more") }
        _ = try ViewExport.format(of: out)
        _ = try screenSize()
        _ = try scaleMode()
    }

    func run() throws {
        let text = try source.text(or: "")
        let loaded = try source.loadModel()
        let config = loaded.config
        guard layer < config.layerCount else {
            throw UsageError("--layer \(layer) does not exist: the model has layers 0...\(config.layerCount - 1)")
        }
        guard head < config.valueHeads else {
            throw UsageError("--head \(head) does not exist: the model has heads 0...\(config.valueHeads - 1)")
        }
        var explorer = Explorer(model: loaded)
        try explorer.feed(text)
        guard explorer.count > 0 else { throw UsageError("the prompt is empty") }
        if let at {
            guard at <= explorer.count else {
                throw UsageError("--at \(at) is past the end: the prompt has \(explorer.count) tokens")
            }
            explorer.goto(step: at)
        }
        explorer.select(layer: layer, head: head)
        let snapshot = explorer.snapshot()
        var ui = UIState(display: DisplayOptions(colorMode: .monochrome))
        ui.scaleMode = try scaleMode()
        let screen = Screen.render(snapshot: snapshot, ui: ui, size: try screenSize())
        let written = try ViewExport.write(snapshot: snapshot, screen: screen, scaleMode: ui.scaleMode, to: out)
        FileHandle.standardError.write(Data("gdn-tui: wrote \(written)\n".utf8))
    }

    private func screenSize() throws -> TerminalSize {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (1...1000).contains(parts[0]), (1...1000).contains(parts[1]) else {
            throw ValidationError("--size must be COLUMNSxROWS, e.g. 120x40")
        }
        return TerminalSize(width: parts[0], height: parts[1])
    }

    private func scaleMode() throws -> ScaleMode {
        if scale == "auto" { return .auto }
        guard let value = Float(scale), value > 0, value.isFinite else {
            throw ValidationError("--scale must be auto or a positive number")
        }
        return .fixed(value)
    }
}
