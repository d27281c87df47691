import Foundation
import GatedDeltaNet
import SafeTensors

/// A parser under fuzzing: it gets arbitrary bytes and must either accept them or throw an error;
/// anything else (a trap, a crash, a hang, an allocation past libFuzzer's limit) is a finding.
struct FuzzTarget: Sendable {
    let name: String
    let parse: @Sendable (Data) throws -> Void

    /// Every target, by name. Adding a parser is one line here plus a seed folder
    /// `Tests/FuzzCorpus/<name>/` (`.ci/fuzz` runs one libFuzzer session per folder, and `swift test`
    /// replays every seed through its target).
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "safetensors", parse: readEveryTensor),
        FuzzTarget(name: "safetensors-header", parse: { try readEveryTensor(HeaderInput.file($0)) }),
        // Every format's config parser: the model_type picks fla's or a Hugging Face hybrid's.
        FuzzTarget(name: "config", parse: { _ = try CheckpointFormats.configuration(json: $0) }),
        FuzzTarget(name: "checkpoint", parse: CheckpointInput.load),
        FuzzTarget(name: "kernel-case", parse: { _ = try KernelCase.cases(in: SafeTensorsFile(data: $0), name: "case") }),
        FuzzTarget(name: "trace", parse: { _ = try Recording(trace: SafeTensorsFile(data: $0), path: "trace") }),
        FuzzTarget(name: "lesson", parse: { _ = try Lesson(data: $0, name: "fuzz", file: "fuzz.lesson").recording }),
        FuzzTarget(name: "tokenizer", parse: TokenizerInput.load),
        FuzzTarget(name: "tokenizer-text", parse: TokenizerInput.encode),
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Parses a safetensors file and, when it is accepted, reads every tensor in every way the app does.
private func readEveryTensor(_ data: Data) throws {
    let file = try SafeTensorsFile(data: data)
    for name in file.tensorNames {
        _ = try file.bytes(name)
        _ = try file.floats(name)
        _ = try? file.int64s(name)
        _ = try? file.int32s(name)
    }
}
