import Foundation
import GatedDeltaNet

/// The checkpoint target's input: `config.json`, a NUL byte, then `model.safetensors` (JSON cannot
/// hold a raw NUL, so the split is unambiguous). Both are written to a private directory and loaded as
/// the app loads a checkpoint, so config validation and the weight store's shape and NaN checks are
/// fuzzed together from bytes.
enum CheckpointInput {
    /// One directory per process, rewritten on every input (libFuzzer runs inputs one at a time).
    static let directory: URL = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let url = URL(fileURLWithPath: base).appendingPathComponent("gdn-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    @Sendable static func load(_ data: Data) throws {
        let separator = data.firstIndex(of: 0) ?? data.endIndex
        let config = data[data.startIndex..<separator]
        let weights = separator < data.endIndex ? data[(separator + 1)...] : Data()
        try Data(config).write(to: directory.appendingPathComponent("config.json"))
        try Data(weights).write(to: directory.appendingPathComponent("model.safetensors"))
        _ = try GatedDeltaNetModel(directory: directory)
    }

    /// The bytes of a checkpoint directory in this format: how the seeds are made.
    static func bytes(config: Data, weights: Data) -> Data { config + Data([0]) + weights }
}
