import ArgumentParser
import Foundation
import GatedDeltaNet

/// The model and the text to feed it: shared by the commands that open a session.
struct PromptOptions: ParsableArguments {
    @Option(help: "fla checkpoint directory, or the name of a bundled sample model.")
    var model: String?

    @Option(help: "Text to feed the model (tui: default Samples/prompts/\(SampleModels.defaultPromptFile)).")
    var prompt: String?

    @Option(name: .customLong("prompt-file"), help: "Read the text from a file.")
    var promptFile: String?

    func validate() throws {
        if prompt != nil, promptFile != nil { throw ValidationError("give --prompt or --prompt-file, not both") }
    }

    var hasText: Bool { prompt != nil || promptFile != nil }

    /// The bytes of --prompt or --prompt-file, or of `fallback` when neither is given. A file's bytes
    /// are kept as they are, invalid UTF-8 included: the byte-level model reads them unchanged.
    func bytes(or fallback: @autoclosure () throws -> String) throws -> [UInt8] {
        guard let promptFile else { return Array(try (prompt ?? fallback()).utf8) }
        guard let data = FileManager.default.contents(atPath: promptFile) else {
            throw FileRefused(description: "\(promptFile): cannot read the prompt file")
        }
        return Array(data)
    }

    /// The model of --model (or the default one); a missing or malformed checkpoint is a refused file.
    func loadModel() throws -> GatedDeltaNetModel {
        try SampleModels.load(model)
    }
}
