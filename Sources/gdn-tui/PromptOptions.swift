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

    /// The text from --prompt or --prompt-file, or `fallback` when neither is given. Bytes that are
    /// not UTF-8 are kept as replacement characters, never sent raw anywhere.
    func text(or fallback: @autoclosure () throws -> String) throws -> String {
        guard let promptFile else { return try prompt ?? fallback() }
        guard let data = FileManager.default.contents(atPath: promptFile) else {
            throw ModelError("\(promptFile): cannot read the prompt file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    func loadModel() throws -> GatedDeltaNetModel {
        try GatedDeltaNetModel(directory: try SampleModels.resolve(model))
    }
}
