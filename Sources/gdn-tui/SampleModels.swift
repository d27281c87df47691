import Foundation
import GatedDeltaNet

/// Where the bundled sample models live: `Samples/models/` of the checkout the binary was built from,
/// or `$GDN_TUI_SAMPLES`.
enum SampleModels {
    static let defaultModel = "tiny-gdn"

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

    /// A model directory from --model (a path, or the name of a bundled model), or the default.
    static func resolve(_ argument: String?) throws -> URL {
        let name = argument ?? defaultModel
        let asPath = URL(fileURLWithPath: name)
        if FileManager.default.fileExists(atPath: asPath.path) { return asPath }
        let bundled = directory.appendingPathComponent("models").appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: bundled.path) { return bundled }
        throw ModelError("\(name): no such model directory (nor a bundled model in \(directory.path)/models)")
    }
}
