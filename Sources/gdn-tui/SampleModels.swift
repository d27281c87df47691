import Foundation
import GatedDeltaNet

/// Where the bundled sample models and prompts live: `Samples/models/` and `Samples/prompts/` of the
/// checkout the binary was built from, or of `$GDN_TUI_SAMPLES`.
enum SampleModels {
    /// The byte-level text model trained on Debian's fortunes (Samples/models/gdn-text/MODEL.md).
    static let defaultModel = "gdn-text"
    /// The prompt the default session opens on: a name that keeps coming back.
    static let defaultPromptFile = "01-repeated-name.txt"

    static var directory: URL {
        if let path = ProcessInfo.processInfo.environment["GDN_TUI_SAMPLES"] {
            return URL(fileURLWithPath: path)
        }
        // This file is Sources/gdn-tui/SampleModels.swift: the checkout is three levels up.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples")
    }

    /// The bundled lessons.
    static var lessons: URL { directory.appendingPathComponent("lessons") }

    /// The default session's prompt, read from Samples/prompts.
    static func defaultPrompt() throws(ModelError) -> SamplePrompt {
        try SamplePrompt(contentsOf: directory.appendingPathComponent("prompts").appendingPathComponent(defaultPromptFile))
    }

    /// A model directory from --model (a path, or the name of a bundled model), or the default.
    static func resolve(_ argument: String?) throws -> URL {
        let name = argument ?? defaultModel
        let asPath = URL(fileURLWithPath: name)
        if FileManager.default.fileExists(atPath: asPath.path) { return asPath }
        let bundled = directory.appendingPathComponent("models").appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: bundled.path) { return bundled }
        throw ModelError("\(name): no such model directory (nor a bundled model in \(directory.path)/models)")
    }

    /// The model of --model or `:load` (a path, `~` allowed, or a bundled name; nil: the default). A
    /// missing or malformed checkpoint is a refused file.
    static func load(_ argument: String?) throws -> GatedDeltaNetModel {
        let argument = argument.map { ($0 as NSString).expandingTildeInPath }
        return try FileRefused.reading { try GatedDeltaNetModel(directory: try resolve(argument)) }
    }
}
