import Foundation
import SafeTensors
import Testing
@testable import GatedDeltaNet

/// Layers are built from logical parameters through a format, never from tensor names: a checkpoint
/// stored another way (q, k and v fused into one tensor, a norm kept as its offset from one) loads
/// through a format that says so, and computes exactly what the fla layout of the same weights does.
@Suite struct CheckpointFormatTests {
    /// fla's layout except for two conventions the Hugging Face formats use: fused projections read
    /// by row slices, and zero-centred norm weights (1 + w).
    struct FusedFormat: CheckpointFormat {
        var name: String { "fused (test)" }
        func recognizes(config: [String: JSONValue]) -> Bool { true }
        func configuration(fields: ConfigFields) throws(ModelError) -> ModelConfig { try FLAFormat().configuration(fields: fields) }
        func source(of parameter: ModelParameter, config c: ModelConfig) -> TensorSource? {
            let fused = 2 * c.keyWidth + c.valueWidth
            switch parameter {
            case .layer(let i, .gatedDeltaNet(.queryProjection)):
                return TensorSource("layers.\(i).qkv", transform: .rows(0..<c.keyWidth, of: fused))
            case .layer(let i, .gatedDeltaNet(.keyProjection)):
                return TensorSource("layers.\(i).qkv", transform: .rows(c.keyWidth..<2 * c.keyWidth, of: fused))
            case .layer(let i, .gatedDeltaNet(.valueProjection)):
                return TensorSource("layers.\(i).qkv", transform: .rows(2 * c.keyWidth..<fused, of: fused))
            case .finalNorm:
                return TensorSource("final_norm_offset", transform: .addingOne)
            default:
                return FLAFormat().source(of: parameter, config: c)
            }
        }
    }

    @Test func aFusedLayoutLoadsToTheSameModel() throws {
        let checkpoint = RandomCheckpoint()
        let fla = try checkpoint.write()
        defer { try? FileManager.default.removeItem(at: fla) }
        // The same weights in the fused layout.
        let tensors = try checkpoint.tensors()
        let byName = Dictionary(uniqueKeysWithValues: tensors.map { ($0.0, ($0.1, $0.2)) })
        let fused = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-fused-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: fused, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: fused) }
        try FileManager.default.copyItem(at: fla.appendingPathComponent("config.json"), to: fused.appendingPathComponent("config.json"))
        var writer = SafeTensorsWriter(metadata: [:])
        var moved: Set<String> = ["model.norm.weight"]
        for i in 0..<2 {
            let parts = ["q", "k", "v"].map { byName["model.layers.\(i).attn.\($0)_proj.weight"]! }
            moved.formUnion(["q", "k", "v"].map { "model.layers.\(i).attn.\($0)_proj.weight" })
            try writer.add("layers.\(i).qkv", floats: parts.flatMap(\.1), shape: [parts.map { $0.0[0] }.reduce(0, +), parts[0].0[1]])
        }
        try writer.add("final_norm_offset", floats: byName["model.norm.weight"]!.1.map { $0 - 1 }, shape: [32])
        for (name, shape, values) in tensors where !moved.contains(name) { try writer.add(name, floats: values, shape: shape) }
        try writer.write(to: fused.appendingPathComponent("model.safetensors"))

        let a = try GatedDeltaNetModel(directory: fla), b = try GatedDeltaNetModel(directory: fused, format: FusedFormat())
        let tokens = Array("formats name tensors; layers name parameters".utf8).map(Int.init)
        var cacheA = a.emptyCache(), cacheB = b.emptyCache()
        let logitsA = try a.forward(tokens, cache: &cacheA, form: .chunked)
        let logitsB = try b.forward(tokens, cache: &cacheB, form: .chunked)
        // 1 + (w - 1) may differ from w in the last bit: float rounding, no more.
        #expect(relativeRMSError(logitsB, reference: logitsA) < 1e-6)
        #expect(b.format.name == "fused (test)")
        // And fla's loader does not find the fused layout's tensors, naming what is missing.
        #expect(throws: ModelError.self) { try GatedDeltaNetModel(directory: fused) }
        do { _ = try GatedDeltaNetModel(directory: fused) } catch {
            #expect(error.message.contains("missing tensor model.layers.0.attn.q_proj.weight"))
        }
    }

    @Test func transformsReadTheStoredShape() {
        #expect(TensorTransform.rows(2..<4, of: 6).storedShape(for: [2, 3]) == [6, 3])
        #expect(TensorTransform.rows(2..<4, of: 6).apply(Array(0..<18).map(Float.init), logicalShape: [2, 3]) == [6, 7, 8, 9, 10, 11])
        #expect(TensorTransform.addingOne.apply([-1, 0, 0.5], logicalShape: [3]) == [0, 1, 1.5])
        #expect(TensorTransform.identity.storedShape(for: [4, 5]) == [4, 5])
    }

    /// The old fixed parameter cap is now what this machine can hold: a config describing more fp32
    /// weights than its memory is refused before any allocation, with both sizes in the line.
    @Test func aModelLargerThanTheMachineIsRefusedByItsSize() throws {
        let config = #"{"hidden_size": 65536, "num_hidden_layers": 512, "num_heads": 4, "head_dim": 64, "vocab_size": 256}"#
        do {
            _ = try ModelConfig(json: Data(config.utf8))
            Issue.record("a 10 TB config was accepted")
        } catch {
            #expect(error.message.contains("of fp32 weights; this machine has"), "\(error.message)")
        }
        // A real-sized model (about 1.4 GB of fp32 weights) is not refused for its size.
        let qwenSized = #"{"hidden_size": 1024, "num_hidden_layers": 24, "num_heads": 16, "head_dim": 128, "expand_v": 1.0, "vocab_size": 248320}"#
        #expect(throws: Never.self) { try ModelConfig(json: Data(qwenSized.utf8)) }
    }

    /// Every layer says its kind, and the caches and records follow it.
    @Test func layersSayTheirKind() throws {
        let directory = try RandomCheckpoint().write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        #expect(model.layerKinds == [.gatedDeltaNet, .gatedDeltaNet])
        #expect(model.emptyCache().allSatisfy { $0.gatedDeltaNet != nil })
        var session = InferenceSession(model: model)
        try session.append(Array("kinds".utf8).map(Int.init))
        let record = try session.record(at: 4)
        #expect(record.layers.map { $0.kind } == [.gatedDeltaNet, .gatedDeltaNet])
        #expect(record.gatedDeltaNet(layer: 2) == nil)
        #expect(session.gates.alpha(layer: 1, head: 0).count == 5)
        #expect(session.gates.alpha(layer: 1, head: 0, steps: 3..<9).count == 2)
    }
}
