import ArgumentParser
import Foundation
import GatedDeltaNet
import TerminalUI

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Step through a trace (kernel-case schema, layer{i}. prefixes) with the same views, no model.",
        discussion: "Write one with `gdn-tui run --trace FILE` or Samples/traces/dump_trace.py (fla models).")

    @Argument(help: "A .safetensors trace.")
    var file: String

    @OptionGroup var display: DisplayFlags

    func run() throws {
        let recording = try FileRefused.reading { try Recording.load(trace: URL(fileURLWithPath: file)) }
        try AppLoop.launch(Explorer(recording: recording), noColor: display.noColor, ascii: display.ascii)
    }
}
