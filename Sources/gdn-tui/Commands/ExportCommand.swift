import ArgumentParser
import Foundation
import GatedDeltaNet
import TerminalUI

/// `:export` from a script: feeds a prompt (or plays a lesson or trace), puts the cursor on step t and
/// writes the view there.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the view at one step as .svg, .json, .csv or .txt, without a terminal.",
        discussion: """
            Examples:
              gdn-tui export --prompt "a=1 b=2 a=3" --at 9 --layer 1 --head 0 --out step9.svg
              gdn-tui export --lesson interference --at 4 --view rules --recall --out slide.svg
            """)

    @OptionGroup var source: PromptOptions

    @Option(help: "Play this lesson (a bundled name or a .lesson file) instead of a model.")
    var lesson: String?

    @Option(help: "Step through this trace (from run --trace or dump_trace.py) instead of a model.")
    var trace: String?

    @Option(help: "The step to show, 1-based as on screen (default: the last).")
    var at: Int?

    @Option(help: "Layer, 0-based.")
    var layer = 0

    @Option(help: "Head (value head), 0-based.")
    var head = 0

    @Option(help: "The main view: memory, rules or erasure.")
    var view = TeachingView.memory

    @Flag(help: "Add the recall strip under the tokens.")
    var recall = false

    @Option(help: "Memory heatmap scale: a number, or auto (max |S|).")
    var scale = "auto"

    @Option(help: "Screen size for .txt, as COLUMNSxROWS.")
    var size = "120x40"

    @Option(help: "Output file; its extension picks the format: .svg .json .csv .txt.")
    var out: String

    func validate() throws {
        let sources = [source.hasText, lesson != nil, trace != nil].filter { $0 }.count
        guard sources == 1 else { throw ValidationError("give one of --prompt, --prompt-file, --lesson, --trace") }
        if source.model != nil, !source.hasText { throw ValidationError("--model goes with --prompt or --prompt-file") }
        if let at, at < 1 { throw ValidationError("--at is 1-based: 1 or more") }
        guard layer >= 0, head >= 0 else { throw ValidationError("--layer and --head are 0 or more") }
        _ = try ViewExport.format(of: out)
        _ = try screenSize()
        _ = try scaleMode()
    }

    func run() throws {
        var explorer = try makeExplorer()
        guard explorer.count > 0 else { throw UsageError("nothing to show: the prompt is empty") }
        guard layer < explorer.layerCount else {
            throw UsageError("--layer \(layer) does not exist: there are layers 0...\(explorer.layerCount - 1)")
        }
        guard head < explorer.headCount else {
            throw UsageError("--head \(head) does not exist: there are heads 0...\(explorer.headCount - 1)")
        }
        // A model session ends with its cursor on the last token, a recording starts on its first:
        // the default is the last step either way.
        let step = at ?? explorer.count
        guard step <= explorer.count else {
            throw UsageError("--at \(step) is past the end: there are \(explorer.count) steps")
        }
        explorer.goto(step: step)
        explorer.select(layer: layer, head: head)
        explorer.show(view)
        if recall != explorer.teaching.showsRecall { try explorer.perform(.toggleRecall) }
        let snapshot = explorer.snapshot(window: nil)   // the whole sequence
        var ui = UIState(display: DisplayOptions(colorMode: .monochrome))
        ui.scaleMode = try scaleMode()
        let screen = Screen.render(snapshot: snapshot, ui: ui, size: try screenSize())
        let written = try ViewExport.write(snapshot: snapshot, screen: screen, scaleMode: ui.scaleMode, to: out)
        FileHandle.standardError.write(Data("gdn-tui: wrote \(written)\n".utf8))
    }

    private func makeExplorer() throws -> Explorer {
        if let lesson {
            return Explorer(recording: try FileRefused.reading {
                try Lesson.load(named: lesson, in: SampleModels.lessons).recording
            })
        }
        if let trace {
            return Explorer(recording: try FileRefused.reading { try Recording.load(trace: URL(fileURLWithPath: trace)) })
        }
        var explorer = Explorer(model: try source.loadModel())
        try explorer.feed(bytes: try source.bytes(or: ""))
        return explorer
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

extension TeachingView: ExpressibleByArgument {}
