import Foundation
import Testing
import SafeTensors
@testable import GatedDeltaNet
@testable import gdn_fuzz

/// The config and checkpoint fuzzers' seeds (`Tests/FuzzCorpus/config`, `.../checkpoint`): the fixture
/// configs, a tiny valid checkpoint and the refused configs of `RefusedCheckpointTests` on its tensors.
@Suite struct FuzzSeedTests {
    /// Small enough for libFuzzer to mutate quickly: one layer, one head of 2 x 2, vocabulary 8.
    static var tinyConfig: [String: Any] { [
        "model_type": "gated_deltanet", "hidden_size": 4, "num_hidden_layers": 1, "num_heads": 1,
        "head_dim": 2, "expand_v": 1.0, "vocab_size": 8, "conv_size": 2, "intermediate_size": 4,
        "norm_eps": 1e-6, "use_gate": true, "use_short_conv": true, "tie_word_embeddings": false,
    ] }

    static var refusedOverrides: [(String, [String: Any])] { [
        ("attn", ["attn": ["layers": [0], "num_heads": 1, "window_size": 0]]), ("hidden-act", ["hidden_act": "powlu"]),
        ("num-v-heads", ["num_v_heads": 3]), ("negative-size", ["hidden_size": -4]),
        ("wrong-type", ["num_heads": "one"]), ("expand-v", ["expand_v": 1.3]),
        ("terabytes", ["hidden_size": 1_000_000, "num_hidden_layers": 1000]),
        ("misshapen", ["head_dim": 4]), ("update-rule", ["update_rule": "hebbian"]),
        // Found by the config fuzzer: both trapped converting a huge Double size to Int.
        ("huge-expand-v", ["expand_v": 1e300]), ("huge-hidden-ratio", ["hidden_ratio": 1e300, "intermediate_size": NSNull()]),
        ("zero-hidden-ratio", ["hidden_ratio": -0.0, "intermediate_size": NSNull()]),
        ("overflowing-widths", ["num_heads": 100_000_000_000_000, "head_dim": 100_000_000_000_000]),
    ] }

    /// config.json, a NUL, model.safetensors: the checkpoint target's input format.
    static func checkpointSeed(_ overrides: [String: Any], dtype: DType = .f32) throws -> (config: Data, input: Data) {
        var checkpoint = RandomCheckpoint(dtype: dtype)
        checkpoint.config = tinyConfig
        var writer = SafeTensorsWriter()
        for (name, shape, values) in try checkpoint.tensors() { try writer.add(name, floats: values, shape: shape, as: dtype) }
        let config = try JSONSerialization.data(withJSONObject: tinyConfig.merging(overrides) { $1 }, options: .sortedKeys)
        return (config, CheckpointInput.bytes(config: config, weights: writer.serialized()))
    }

    @Test func seedFilesAreTheCases() throws {
        var checkpoints: [String: Data] = [:], configs: [String: Data] = [:]
        for (label, dtype) in [("valid-f32", DType.f32), ("valid-bf16", .bf16)] {
            let seed = try Self.checkpointSeed([:], dtype: dtype)
            checkpoints["seed-\(label)"] = seed.input
            configs["seed-tiny-\(label)"] = seed.config
        }
        for (label, overrides) in Self.refusedOverrides {
            let seed = try Self.checkpointSeed(overrides)
            checkpoints["seed-refused-\(label)"] = seed.input
            configs["seed-refused-\(label)"] = seed.config
        }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        for name in ["tiny-gdn", "models/gva", "models/tied", "models/neg_eigval", "models/no_gate_eps5",
                     "models/hybrid-swa", "models/hybrid-full", "hf-models/qwen3_5-tiny", "hf-models/qwen3_next-tiny",
                     "hf-models-own/qwen3_5_text-tied-f16-sharded", "hf-models-own/qwen3_5_moe-fused-experts"] {
            configs["seed-fixture-" + name.replacingOccurrences(of: "/", with: "-")] =
                try Data(contentsOf: fixtures.appendingPathComponent(name).appendingPathComponent("config.json"))
        }
        for (target, seeds) in [("checkpoint", checkpoints), ("config", configs)] {
            let differing = try SeedCorpus.sync(target: target, prefix: "seed-", seeds: seeds)
            #expect(differing.isEmpty, "run once with GDN_UPDATE_FUZZ_CORPUS=1 to rewrite \(target): \(differing)")
        }
    }

    /// The valid seeds load and the refused ones fail with their field named, through the fuzz target
    /// itself, so the fuzzer starts from both sides of every check.
    @Test func checkpointSeedsLoadOrAreRefused() throws {
        let target = try #require(FuzzTarget.named("checkpoint"))
        for label in ["valid-f32", "valid-bf16"] {
            try target.parse(try Self.checkpointSeed([:], dtype: label == "valid-bf16" ? .bf16 : .f32).input)
        }
        for (label, overrides) in Self.refusedOverrides {
            #expect(throws: ModelError.self, "\(label)") { try target.parse(try Self.checkpointSeed(overrides).input) }
        }
    }
}
