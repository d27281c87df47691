import Foundation
import Testing
@testable import GatedDeltaNet

/// Hugging Face GDN hybrids as transformers saves them: the golden Qwen3.5 and Qwen3-Next models
/// (copied from the project's golden reference data into Fixtures/hf-models) and our own (Samples/golden/make_hf_models.py: the Qwen3_5ForCausalLM
/// layout with tied F16 weights in shards, grouped values r = 3 and conv size 3; Qwen3.5-MoE with fused
/// experts) against transformers' float64 logits, through the chunked prefill and prefill-then-step.
/// Tolerance 1e-4 relative RMS as for every model; measured 1e-6 ... 3.5e-6, where transformers' own
/// float32 forward lands at 1.3e-6.
private func fixture(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
}

@Suite struct HuggingFaceModelTests {
    static let folders = ["hf-models/qwen3_5-tiny", "hf-models/qwen3_next-tiny",
                          "hf-models-own/qwen3_5_text-tied-f16-sharded", "hf-models-own/qwen3_5_moe-fused-experts"]

    @Test(arguments: folders)
    func matchesTransformersFloat64(folder: String) throws {
        let verifier = try ModelVerifier(directory: fixture(folder))
        let checks = try verifier.verify(tolerance: 1e-4)
        #expect(checks.map(\.check) == ["model_chunked", "model_step"])
        for check in checks { #expect(check.pass, "\(folder): \(check.check) \(check.metric) = \(check.value)") }
    }

    /// What each checkpoint is made of, read from its config and tensors.
    @Test func theLayoutsAreReadAsTheyAre() throws {
        let qwen35 = try GatedDeltaNetModel(directory: fixture("hf-models/qwen3_5-tiny"))
        #expect(qwen35.format.name == "qwen3_5")
        #expect(qwen35.layerKinds == [.gatedDeltaNet, .gatedDeltaNet, .attention, .gatedDeltaNet])
        let next = try GatedDeltaNetModel(directory: fixture("hf-models/qwen3_next-tiny"))
        #expect(next.config.denseLayers == [2] && next.config.mixtureOfExperts?.experts == 8)
        guard case .mixtureOfExperts = next.blocks[0].mlp, case .swiGLU = next.blocks[2].mlp else {
            Issue.record("layer 0 should route to experts and layer 2 be dense"); return
        }
        let own = try GatedDeltaNetModel(directory: fixture("hf-models-own/qwen3_5_text-tied-f16-sharded"))
        #expect(own.config.tieWordEmbeddings && own.config.valueHeads / own.config.keyHeads == 3 && own.config.convSize == 3)
        guard case .attention(let attention) = own.blocks[1].mixer else { Issue.record("layer 1 is attention"); return }
        #expect(attention.attention.rotaryDimensions == 6 && attention.attention.hasOutputGate)
    }

    /// Every unsupported field is one line naming it.
    @Test func unsupportedFieldsAreRefusedByName() throws {
        let original = try JSONSerialization.jsonObject(
            with: Data(contentsOf: fixture("hf-models/qwen3_next-tiny").appendingPathComponent("config.json"))) as! [String: Any]
        let cases: [([String: Any], String)] = [
            (["model_type": "qwen4"], #"model_type "qwen4" is not gated_deltanet"#),
            (["layer_types": ["linear_attention", "sliding_attention", "linear_attention", "full_attention"]],
             #"layer_types[1] "sliding_attention" is neither linear_attention nor full_attention"#),
            (["layer_types": ["linear_attention"]], "layer_types has 1 entries for num_hidden_layers 4"),
            (["rope_parameters": ["rope_theta": 1e4, "partial_rotary_factor": 0.25, "mrope_section": [2, 2, 2]]],
             "mrope_section"),
            (["rope_parameters": ["rope_theta": 1e4, "rope_type": "yarn"]], #"rope_type "yarn" is not supported"#),
            (["hidden_act": "gelu"], #"hidden_act "gelu" is not supported"#),
            (["attention_bias": true], "attention_bias"),
            (["linear_num_value_heads": 3], "linear_num_value_heads (3) must be a multiple of linear_num_key_heads (2)"),
            (["num_key_value_heads": 3], "num_key_value_heads 3 does not divide num_attention_heads 4"),
            (["num_experts_per_tok": 9], "num_experts_per_tok 9 exceeds num_experts 8"),
            (["mlp_only_layers": [9]], "mlp_only_layers: 9 is not a layer index"),
        ]
        for (change, expected) in cases {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-hf-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try JSONSerialization.data(withJSONObject: original.merging(change) { $1 })
                .write(to: directory.appendingPathComponent("config.json"))
            do {
                _ = try CheckpointFormats.load(directory.appendingPathComponent("config.json"))
                Issue.record("accepted \(change)")
            } catch {
                #expect(error.message.contains(expected), "\(change): \(error.message)")
                #expect(!error.message.contains("\n"))
            }
        }
    }

    /// A missing or misshapen tensor is named, with the file.
    @Test func missingAndMisshapenTensorsAreNamed() throws {
        let source = fixture("hf-models/qwen3_5-tiny")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-hf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: source.appendingPathComponent("model.safetensors"),
                                         to: directory.appendingPathComponent("model.safetensors"))
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("config.json"))) as! [String: Any]
        var text = config["text_config"] as! [String: Any]
        text["linear_value_head_dim"] = 20   // the tensors hold 24
        config["text_config"] = text
        try JSONSerialization.data(withJSONObject: config).write(to: directory.appendingPathComponent("config.json"))
        do {
            _ = try GatedDeltaNetModel(directory: directory)
            Issue.record("a config that does not match its tensors was accepted")
        } catch {
            #expect(error.message.contains("model.language_model.layers.0.linear_attn.in_proj_qkv.weight has shape [160, 64]"),
                    "\(error.message)")
        }
    }
}

/// `Samples/traces/dump_trace.py` on a transformers model (qwen3_5-tiny, CPU, fla hidden, byte ids):
/// the rule inputs it recorded where transformers calls its delta-rule kernel equal what gdn-tui
/// computes for the same model and prompt. Tolerance 1e-5 relative RMS: two fp32 implementations through
/// three layers (measured about 1e-7); a wrong projection slice, norm or gate formula is O(1) apart.
@Suite struct TransformersTraceTests {
    @Test func theTraceOfTransformersEqualsOurs() throws {
        let recording = try Recording.load(trace: fixture("traces/qwen3_5-tiny-transformers.safetensors"))
        let prompt = "The gated delta rule: 42!"
        #expect(recording.labels == prompt.map { String($0) })
        let model = try GatedDeltaNetModel(directory: fixture("hf-models/qwen3_5-tiny"))
        let ours = try LayerStream.record(model: model, tokens: Array(prompt.utf8).map(Int.init))
        #expect(recording.layers.count == 3 && ours.count == 3)
        for (l, (theirs, mine)) in zip(recording.layers, ours).enumerated() {
            for (name, a, b) in [("q", theirs.inputs.q, mine.inputs.q), ("k", theirs.inputs.k, mine.inputs.k),
                                 ("v", theirs.inputs.v, mine.inputs.v), ("g", theirs.inputs.g, mine.inputs.g),
                                 ("beta", theirs.inputs.beta, mine.inputs.beta)] {
                let error = relativeRMSError(a, reference: b)
                #expect(error < 1e-5, "layer \(l) \(name): \(error)")
            }
        }
    }
}
