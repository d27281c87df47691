import Foundation
import SafeTensors
import Testing
@testable import GatedDeltaNet

/// Hybrids: fla's `attn` layers beside Gated DeltaNet layers. Prefill and stepping are two routes to one
/// function (fp32 rounding apart: 1e-4 relative RMS, measured around 1e-6); the window is honoured
/// exactly; the cache stays at W rows; every malformed `attn` is refused in one line naming the field.
@Suite struct HybridModelTests {
    static func hybrid(window: Int?, heads: Int, kvHeads: Int, layers: [Int] = [1], count: Int = 2,
                       bias: Bool = false) -> [String: Any] {
        var attn: [String: Any] = ["layers": layers, "num_heads": heads, "num_kv_heads": kvHeads, "qkv_bias": bias]
        if let window { attn["window_size"] = window }
        return ["num_hidden_layers": count, "attn": attn]
    }

    /// Windows 1, 2, 8 and W > T; grouped-query ratios 1, 2 and 4; with and without biases.
    nonisolated(unsafe) static let variants: [[String: Any]] = [
        hybrid(window: 1, heads: 2, kvHeads: 2),
        hybrid(window: 2, heads: 4, kvHeads: 2),
        hybrid(window: 8, heads: 4, kvHeads: 1, bias: true),
        hybrid(window: 500, heads: 2, kvHeads: 1),
        hybrid(window: nil, heads: 4, kvHeads: 4, layers: [0, 2], count: 3, bias: true),
    ]

    @Test(arguments: variants.indices)
    func prefillEqualsStepping(variant: Int) throws {
        let directory = try RandomCheckpoint(Self.variants[variant], seed: UInt64(variant + 50)).write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        #expect(model.layerKinds.contains(.attention))
        let tokens = Array("Windows forget what memory keeps: the cat is red; the dog is blue. Which is red?".utf8).map(Int.init)
        var chunkedCache = model.emptyCache()
        let chunked = try model.forward(tokens, cache: &chunkedCache, form: .chunked(size: 16))
        // Stepping one token at a time, and prefilling half then stepping: the cache's two routes.
        var stepCache = model.emptyCache()
        var stepped: [Float] = []
        var workspace = ForwardWorkspace(model: model)
        for token in tokens {
            try model.step(token, cache: &stepCache, workspace: &workspace)
            stepped += workspace.logits
        }
        #expect(relativeRMSError(stepped, reference: chunked) < 1e-4)
        var mixedCache = model.emptyCache()
        var mixed = try model.forward(Array(tokens[..<37]), cache: &mixedCache, form: .chunked)
        for token in tokens[37...] { mixed += try model.forward([token], cache: &mixedCache, form: .recurrent) }
        #expect(relativeRMSError(mixed, reference: chunked) < 1e-4)
        for (a, b) in zip(stepCache, chunkedCache) {
            #expect(a.attention?.slots == b.attention?.slots)
            #expect(a.attention?.seen == b.attention?.seen)
        }
        #expect(relativeRMSError(Array(chunked.prefix(256)), reference: Array(chunked.suffix(256))) > 0.05)
    }

    /// In a stack of attention layers only, each with window W, the last token's logits depend on the
    /// last L (W - 1) + 1 tokens alone: tokens before that change nothing (to the last bit), a token
    /// inside it changes them.
    @Test func tokensBeyondTheWindowDoNotReachTheOutput() throws {
        let (W, L) = (4, 2)
        let config = Self.hybrid(window: W, heads: 2, kvHeads: 1, layers: [0, 1], count: L)
        let directory = try RandomCheckpoint(config, seed: 77).write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        let base = Array("0123456789abcdefghij".utf8).map(Int.init)
        let reach = L * (W - 1) + 1
        func lastLogits(_ tokens: [Int]) throws -> [Float] {
            var cache = model.emptyCache()
            return try model.forward(tokens, cache: &cache, form: .chunked, allLogits: false)
        }
        let reference = try lastLogits(base)
        var outside = base
        for i in 0..<base.count - reach { outside[i] = 65 + i }
        #expect(try lastLogits(outside) == reference)
        var inside = base
        inside[base.count - reach] = 90
        #expect(relativeRMSError(try lastLogits(inside), reference: reference) > 1e-3)
    }

    /// A sliding-window cache holds exactly W rows however long the session runs, each at the right
    /// position.
    @Test func theRingBufferStaysAtTheWindow() {
        let (W, width) = (16, 3)
        var cache = AttentionCache(window: W, width: width)
        for step in 0..<10_000 {
            let row = (0..<width).map { Float(step * width + $0) }
            row.withUnsafeBufferPointer { cache.append(keys: $0.baseAddress!, values: $0.baseAddress!, rows: 1) }
            #expect(cache.slots == min(step + 1, W))
        }
        #expect(cache.seen == 10_000)
        // Row r holds the position the ring says, and the key written at that position.
        for r in 0..<W {
            let p = cache.positions[r]
            #expect((10_000 - W..<10_000).contains(p))
            #expect(cache.keys[r * width] == Float(p * width))
        }
        // A long run at once keeps only its last W rows, laid out the same way.
        var bulk = AttentionCache(window: W, width: width)
        let rows = (0..<37 * width).map(Float.init)
        rows.withUnsafeBufferPointer { bulk.append(keys: $0.baseAddress!, values: $0.baseAddress!, rows: 37) }
        #expect(bulk.slots == W)
        for r in 0..<W { #expect(bulk.keys[r * width] == Float(bulk.positions[r] * width)) }
    }

    @Test func malformedAttnIsRefusedNamingTheField() {
        let cases: [(String, String)] = [
            (#""attn": {"layers": [7], "num_heads": 2}"#, "attn.layers: layer 7 is outside"),
            (#""attn": {"layers": [0], "num_heads": 4, "num_kv_heads": 3}"#, "attn.num_kv_heads 3 does not divide attn.num_heads 4"),
            (#""attn": {"layers": [0], "num_heads": 5}"#, "attn.num_heads 5 does not divide hidden_size 32"),
            (#""attn": {"layers": [0], "num_heads": 2, "window_size": 0}"#, "attn.window_size must be at least 1"),
            (#""attn": {"layers": [0], "num_heads": 2, "window_size": -3}"#, "attn.window_size must be at least 1"),
            (#""attn": [{"layers": [1], "num_heads": 2}, {"layers": [1], "num_heads": 4}]"#, "attn.layers: layer 1 is named twice"),
            (#""attn": {"num_heads": 2}"#, "attn.layers is missing"),
            (#""attn": {"layers": [0]}"#, "attn.num_heads is missing"),
            (#""attn": "yes""#, "attn must be an object"),
            (#""attn": {"layers": [0.5], "num_heads": 2}"#, "attn.layers must hold layer indices"),
        ]
        for (field, expected) in cases {
            let json = #"{"hidden_size": 32, "num_hidden_layers": 2, "num_heads": 2, "head_dim": 8, "vocab_size": 256, "#
                + field + "}"
            do {
                _ = try ModelConfig(json: Data(json.utf8))
                Issue.record("accepted: \(field)")
            } catch {
                #expect(error.message.contains(expected), "\(field): \(error.message)")
                #expect(!error.message.contains("\n"))
            }
        }
        // The accepted forms: null, one object, a list.
        for field in [#""attn": null"#, #""attn": {"layers": [1], "num_heads": 2}"#, #""attn": [{"layers": [0], "num_heads": 1}]"#] {
            let json = #"{"hidden_size": 32, "num_hidden_layers": 2, "num_heads": 2, "head_dim": 8, "vocab_size": 256, "# + field + "}"
            #expect(throws: Never.self, "\(field)") { try ModelConfig(json: Data(json.utf8)) }
        }
    }

    /// A hybrid's trace holds its GDN layers, renumbered from 0, and says where the attention layers were.
    @Test func aHybridsTraceKeepsItsGDNLayersAndNamesTheKinds() throws {
        let directory = try RandomCheckpoint(Self.hybrid(window: 4, heads: 2, kvHeads: 1, layers: [1], count: 3), seed: 4).write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        let tokens = Array("hybrid trace".utf8).map(Int.init)
        let url = directory.appendingPathComponent("trace.safetensors")
        try Trace.make(model: model, tokens: tokens, text: "hybrid trace").write(to: url)
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(file.metadata["layer_kinds"] == #"["gated_deltanet","attention","gated_deltanet"]"#)
        #expect(file.metadata["layers"] == "[0, 2]")
        #expect(file.contains("layer1.q") && !file.contains("layer2.q"))
        let recording = try Recording.load(trace: url)
        #expect(recording.layers.count == 2 && recording.length == tokens.count)
        // The second traced layer is model layer 2: its rule inputs are that layer's.
        let streams = try LayerStream.record(model: model, tokens: tokens)
        #expect(recording.layers[1].inputs.k == streams[1].inputs.k)
    }

    /// The step record of an attention layer: weights over exactly the keys in the window, summing to 1.
    @Test func anAttentionStepShowsTheWindowsWeights() throws {
        let directory = try RandomCheckpoint(Self.hybrid(window: 5, heads: 2, kvHeads: 1), seed: 9).write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try GatedDeltaNetModel(directory: directory)
        var session = InferenceSession(model: model, checkpointInterval: 8)
        try session.append(Array("attention looks back five".utf8).map(Int.init))
        let record = try session.record(at: 20)
        let step = try #require(record.attention(layer: 1))
        #expect(record.gatedDeltaNet(layer: 1) == nil && record.gatedDeltaNet(layer: 0) != nil)
        #expect(step.position == 20 && step.windowStart == 16)
        for h in 0..<2 {
            let ranked = step.ranked(head: h)
            #expect(Set(ranked.map(\.position)) == Set(16...20))
            #expect(abs(ranked.reduce(0) { $0 + $1.weight } - 1) < 1e-5)
            #expect(step.weight(head: h, position: 15) == 0)
        }
        #expect(session.gates.alpha(layer: 1, head: 0).isEmpty)
        #expect(session.gates.alpha(layer: 0, head: 0).count == session.count)
    }
}
