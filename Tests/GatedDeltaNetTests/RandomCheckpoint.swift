import Foundation
import SafeTensors
@testable import GatedDeltaNet

/// Writes a small random fla-style checkpoint (config.json + safetensors) into a fresh temporary
/// directory, so loading and the two forward paths can be tested on any config.
struct RandomCheckpoint {
    var config: [String: Any] = [
        "model_type": "gated_deltanet", "hidden_size": 32, "num_hidden_layers": 2, "num_heads": 2,
        "head_dim": 8, "expand_v": 2.0, "vocab_size": 256, "conv_size": 4, "hidden_ratio": 2,
        "norm_eps": 1e-6, "use_gate": true, "use_short_conv": true, "tie_word_embeddings": false,
    ]
    var dtype = DType.f32
    /// The precision the random values are rounded to (defaults to what `dtype` holds).
    var precision: DType?
    var shards = 1
    var seed: UInt64 = 1
    /// Tensors to leave out of the file, to test the errors that name them.
    var omit: Set<String> = []
    /// One element of a tensor overwritten, e.g. with NaN, to test that it is reported.
    var overwrite: [String: (element: Int, value: Float)] = [:]

    init(_ overrides: [String: Any] = [:], dtype: DType = .f32, shards: Int = 1, seed: UInt64 = 1) {
        config.merge(overrides) { $1 }
        self.dtype = dtype
        self.shards = shards
        self.seed = seed
    }

    /// The tensors a config implies, with random values at scales that carry signal.
    func tensors() throws -> [(String, [Int], [Float])] {
        let data = try JSONSerialization.data(withJSONObject: config)
        let c = try ModelConfig(json: data)
        var rng = SplitMix64(seed: seed)
        func uniform(_ count: Int, _ scale: Float, _ offset: Float = 0) -> [Float] {
            (0..<count).map { _ in offset + scale * Float.random(in: -1...1, using: &rng) }
        }
        let (h, kw, vw, hv) = (c.hiddenSize, c.keyWidth, c.valueWidth, c.valueHeads)
        func linear(_ name: String, _ out: Int, _ inp: Int) -> (String, [Int], [Float]) {
            (name, [out, inp], uniform(out * inp, 1.5 / Float(inp).squareRoot()))
        }
        var list: [(String, [Int], [Float])] = [("model.embeddings.weight", [c.vocabSize, h], uniform(c.vocabSize * h, 1))]
        for i in 0..<c.layerCount {
            let p = "model.layers.\(i)"
            if let a = c.attentionLayers[i] {
                // fla's Attention: q, k, v, o projections (biases with qkv_bias), the block's norms and MLP.
                list += [
                    ("\(p).attn_norm.weight", [h], uniform(h, 0.2, 1)),
                    linear("\(p).attn.q_proj.weight", a.queryWidth, h), linear("\(p).attn.k_proj.weight", a.keyWidth, h),
                    linear("\(p).attn.v_proj.weight", a.keyWidth, h), linear("\(p).attn.o_proj.weight", h, a.queryWidth),
                    ("\(p).mlp_norm.weight", [h], uniform(h, 0.2, 1)),
                    linear("\(p).mlp.gate_proj.weight", c.intermediateSize, h),
                    linear("\(p).mlp.up_proj.weight", c.intermediateSize, h),
                    linear("\(p).mlp.down_proj.weight", h, c.intermediateSize),
                ]
                if a.qkvBias {
                    list += [("\(p).attn.q_proj.bias", [a.queryWidth], uniform(a.queryWidth, 0.3)),
                             ("\(p).attn.k_proj.bias", [a.keyWidth], uniform(a.keyWidth, 0.3)),
                             ("\(p).attn.v_proj.bias", [a.keyWidth], uniform(a.keyWidth, 0.3))]
                }
                continue
            }
            list += [
                ("\(p).attn_norm.weight", [h], uniform(h, 0.2, 1)),
                linear("\(p).attn.q_proj.weight", kw, h), linear("\(p).attn.k_proj.weight", kw, h),
                linear("\(p).attn.v_proj.weight", vw, h), linear("\(p).attn.a_proj.weight", hv, h),
                linear("\(p).attn.b_proj.weight", hv, h), linear("\(p).attn.o_proj.weight", h, vw),
                ("\(p).attn.A_log", [hv], uniform(hv, 1, 0.5)),
                ("\(p).attn.dt_bias", [hv], uniform(hv, 1, -1)),
                ("\(p).attn.o_norm.weight", [c.headValueDim], uniform(c.headValueDim, 0.2, 1)),
                ("\(p).mlp_norm.weight", [h], uniform(h, 0.2, 1)),
                linear("\(p).mlp.gate_proj.weight", c.intermediateSize, h),
                linear("\(p).mlp.up_proj.weight", c.intermediateSize, h),
                linear("\(p).mlp.down_proj.weight", h, c.intermediateSize),
            ]
            if c.useGate { list.append(linear("\(p).attn.g_proj.weight", vw, h)) }
            if c.useShortConv {
                for (name, width) in [("q", kw), ("k", kw), ("v", vw)] {
                    list.append(("\(p).attn.\(name)_conv1d.weight", [width, 1, c.convSize], uniform(width * c.convSize, 0.6)))
                }
            }
        }
        list.append(("model.norm.weight", [h], uniform(h, 0.2, 1)))
        if !c.tieWordEmbeddings { list.append(linear("lm_head.weight", c.vocabSize, h)) }
        // Round to what the stored dtype can hold, so an F32 copy of the same model is exactly equal.
        let precision = self.precision ?? dtype
        return list.filter { !omit.contains($0.0) }.map { name, shape, values in
            var rounded = values.map { precision == .bf16 ? roundToBF16($0) : precision == .f16 ? Float(Float16($0)) : $0 }
            if let change = overwrite[name] { rounded[change.element] = change.value }
            return (name, shape, rounded)
        }
    }

    func write() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: config).write(to: directory.appendingPathComponent("config.json"))
        let all = try tensors()
        if shards == 1 {
            var writer = SafeTensorsWriter(metadata: ["format": "pt"])
            for (name, shape, values) in all { try writer.add(name, floats: values, shape: shape, as: dtype) }
            try writer.write(to: directory.appendingPathComponent("model.safetensors"))
        } else {
            var map: [String: String] = [:]
            for shard in 0..<shards {
                let file = "model-\(shard + 1)-of-\(shards).safetensors"
                var writer = SafeTensorsWriter(metadata: ["format": "pt"])
                for (i, (name, shape, values)) in all.enumerated() where i % shards == shard {
                    try writer.add(name, floats: values, shape: shape, as: dtype)
                    map[name] = file
                }
                try writer.write(to: directory.appendingPathComponent(file))
            }
            let index: [String: Any] = ["metadata": ["total_size": 0], "weight_map": map]
            try JSONSerialization.data(withJSONObject: index).write(to: directory.appendingPathComponent("model.safetensors.index.json"))
        }
        return directory
    }
}

func roundToBF16(_ x: Float) -> Float {
    let bits = x.bitPattern
    let rounded = (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000
    return Float(bitPattern: rounded)
}
