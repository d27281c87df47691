import Foundation
import SafeTensors
import Testing
@testable import GatedDeltaNet

private func fixture(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
}

@Suite struct GoldenModelTests {
    /// fla's float64 forward of tiny-gdn; fp32 lands around 1e-6, the issue's bar is 1e-4.
    @Test func tinyGDNMatchesFlaFloat64() throws {
        let checks = try ModelVerifier(directory: fixture("tiny-gdn")).verify(tolerance: 1e-4)
        #expect(checks.count == 4)
        for check in checks { #expect(check.pass, "\(check.check) \(check.metric) = \(check.value)") }
    }

    @Test func modelVariantsMatchTheirGoldenFiles() throws {
        let root = fixture("models")
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        // gva, neg_eigval, tied, conv3_expand15, no_gate_eps5, bf16 (Samples/golden/make_models.py), and
        // the hybrids hybrid-swa, hybrid-full (golden/README.md "Hybrid models").
        #expect(names.count == 8)
        for name in names.sorted() {
            let checks = try ModelVerifier(directory: root.appendingPathComponent(name)).verify(tolerance: 1e-4)
            for check in checks { #expect(check.pass, "\(name): \(check.check) \(check.metric) = \(check.value)") }
        }
    }
}

/// Chunked prefill and token-by-token stepping are two routes to one function: fp32 rounding keeps them
/// within 1e-4 relative RMS on these small random models (measured around 1e-6).
@Suite struct ForwardPathTests {
    nonisolated(unsafe) static let variants: [[String: Any]] = [
        [:],
        ["num_v_heads": 4],
        ["allow_neg_eigval": true],
        ["tie_word_embeddings": true],
        ["conv_size": 3, "expand_v": 1.5],
        ["use_gate": false, "norm_eps": 1e-5],
        ["use_short_conv": false],
        ["output_gate_activation": "sigmoid"],
        ["update_rule": "delta"],
        ["update_rule": "linear"],
    ]

    @Test(arguments: variants.indices)
    func chunkedPrefillEqualsStepping(variant: Int) throws {
        let directory = try RandomCheckpoint(Self.variants[variant], seed: UInt64(variant + 10)).write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        let tokens = Array("Gated delta rule: erase, then write. 0123456789 abcdefghijklmnopqrstuvwxyz!".utf8).map(Int.init)
        var chunkedCache = model.emptyCache()
        let chunked = try model.forward(tokens, cache: &chunkedCache, form: .chunked(size: 16))
        var stepCache = model.emptyCache()
        var stepped: [Float] = []
        for token in tokens { stepped += try model.forward([token], cache: &stepCache, form: .recurrent) }
        #expect(relativeRMSError(stepped, reference: chunked) < 1e-4)
        for (a, b) in zip(stepCache.compactMap { $0.gatedDeltaNet }, chunkedCache.compactMap { $0.gatedDeltaNet }) {
            #expect(relativeRMSError(a.state, reference: b.state) < 1e-4)
            #expect(relativeRMSError(a.convV, reference: b.convV) < 1e-6)
        }
        // The logits must depend on the input: a model that ignores it would pass the comparison above.
        #expect(relativeRMSError(Array(chunked.prefix(256)), reference: Array(chunked.suffix(256))) > 0.05)
    }

    @Test func bf16AndShardedCheckpointsLoadToTheSameModel() throws {
        let reference = try RandomCheckpoint(dtype: .bf16, seed: 5)
        var f32 = reference
        f32.dtype = .f32
        f32.precision = .bf16
        var sharded = reference
        sharded.shards = 3
        let urls = try [reference.write(), f32.write(), sharded.write()]
        defer { for url in urls { try? FileManager.default.removeItem(at: url) } }
        let tokens = Array("bf16 weights".utf8).map(Int.init)
        var outputs: [[Float]] = []
        for url in urls {
            let model = try GatedDeltaNetModel(directory: url)
            var cache = model.emptyCache()
            outputs.append(try model.forward(tokens, cache: &cache, form: .chunked))
        }
        // Same weights exactly (bf16-representable values). bf16 stays bf16 and goes through its own
        // products (widened in registers, fp32 sums in another order than OpenBLAS's): fp32 rounding
        // apart, 1e-6 relative RMS (measured 3e-7). Sharding changes nothing: identical logits.
        #expect(relativeRMSError(outputs[0], reference: outputs[1]) < 1e-6)
        #expect(relativeRMSError(outputs[0], reference: outputs[2]) == 0)
    }
}

@Suite struct RefusedCheckpointTests {
    /// The load error of the default checkpoint with `overrides` written into its config.json.
    func loadError(_ overrides: [String: Any]) throws -> String {
        let directory = try writeLeniently(RandomCheckpoint(overrides))
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try GatedDeltaNetModel(directory: directory)
            return ""
        } catch {
            return error.message
        }
    }

    /// Writes the config as given even when it is invalid, with the tensors of the default config.
    func writeLeniently(_ checkpoint: RandomCheckpoint) throws -> URL {
        var valid = checkpoint
        valid.config = RandomCheckpoint().config
        let directory = try valid.write()
        try JSONSerialization.data(withJSONObject: checkpoint.config).write(to: directory.appendingPathComponent("config.json"))
        return directory
    }

    @Test func refusedConfigsNameTheirField() throws {
        let cases: [([String: Any], String)] = [
            (["attn": ["layers": [1], "num_heads": 2, "window_size": 0]], "attn.window_size must be at least 1"),
            (["attnres_block_size": 4], "attnres_block_size"),
            (["hidden_act": "powlu"], "hidden_act"),
            (["output_gate_activation": "gelu"], "output_gate_activation"),
            (["num_v_heads": 3], "num_v_heads"),
            (["hidden_size": -4], "hidden_size"),
            (["num_heads": "two"], "num_heads"),
            (["use_gate": 1], "use_gate"),
            (["expand_v": 1.3], "expand_v"),
            (["hidden_size": 1_000_000, "num_hidden_layers": 1000], "GB"),
            (["model_type": "mamba2"], "model_type"),
            (["update_rule": "hebbian"], "update_rule"),
            // Few weights, a huge state: 2 layers x 4 heads x 30000 x 30000 floats.
            (["head_dim": 30000, "hidden_size": 8], "memory state"),
        ]
        for (overrides, field) in cases {
            let message = try loadError(overrides)
            #expect(message.contains(field), "\(overrides): \(message)")
        }
    }

    @Test func eachMissingTensorIsNamed() throws {
        let names = try RandomCheckpoint(["num_hidden_layers": 1]).tensors().map(\.0)
        #expect(names.count == 21)   // 19 per layer with gate and convolutions, final norm, LM head
        for name in names {
            var checkpoint = RandomCheckpoint(["num_hidden_layers": 1])
            checkpoint.omit = [name]
            let directory = try checkpoint.write()
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                _ = try GatedDeltaNetModel(directory: directory)
                Issue.record("loaded without \(name)")
            } catch {
                #expect(error.message.contains("missing tensor \(name)"), "\(error.message)")
            }
        }
    }

    @Test func misshapenAndNonFiniteTensorsAreNamed() throws {
        let directory = try RandomCheckpoint(["num_hidden_layers": 1]).write()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Declare a larger head_dim than the tensors hold.
        var config = RandomCheckpoint(["num_hidden_layers": 1]).config
        config["head_dim"] = 16
        try JSONSerialization.data(withJSONObject: config).write(to: directory.appendingPathComponent("config.json"))
        do {
            _ = try GatedDeltaNetModel(directory: directory)
            Issue.record("loaded a misshapen checkpoint")
        } catch {
            #expect(error.message.contains("q_proj.weight has shape [16, 32], expected [32, 32]"), "\(error.message)")
        }
        // NaN or Inf anywhere in the weights is reported with the tensor and the element, in every dtype.
        for (value, word) in [(Float.nan, "nan"), (Float.infinity, "inf"), (-Float.infinity, "inf")] {
            for dtype in [DType.f32, .bf16, .f16] {
                var checkpoint = RandomCheckpoint(["num_hidden_layers": 1], dtype: dtype)
                checkpoint.overwrite = ["model.layers.0.attn.q_proj.weight": (element: 5, value: value)]
                let directory = try checkpoint.write()
                defer { try? FileManager.default.removeItem(at: directory) }
                #expect {
                    _ = try GatedDeltaNetModel(directory: directory)
                } throws: { error in
                    let message = "\(error)"
                    return message.contains("q_proj.weight") && message.contains(word) && message.contains("element 5")
                }
            }
        }
    }
}
