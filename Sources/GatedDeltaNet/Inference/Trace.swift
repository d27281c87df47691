import Foundation
import SafeTensors

/// A run's per-layer rule inputs in the kernel-case schema (golden/README.md), tensor names prefixed
/// `layer{i}.` with i counting the Gated DeltaNet layers only (a hybrid's attention layers have no rule
/// inputs; metadata `layer_kinds` lists every layer's kind and `layers` which model layers the
/// traced ones are, as `Samples/traces/dump_trace.py` writes them): raw q and k (metadata l2norm_qk = 1: the kernel normalises them), v, g, beta, and the
/// o and final state the kernel computed. `gdn-tui verify` checks such a file; `gdn-tui open` replays it.
public enum Trace {
    public static func make(model: GatedDeltaNetModel, tokens: [Int], text: String) throws(ModelError) -> SafeTensorsWriter {
        var cache = model.emptyCache()
        var calls = [GatedDeltaNetLayer.KernelCall?](repeating: nil, count: model.blocks.count)
        _ = try model.forward(tokens, cache: &cache, form: .chunked, allLogits: false) { layer, call in
            calls[layer] = call.gatedDeltaNet
        }
        let c = model.config
        var writer = SafeTensorsWriter(metadata: [
            "scale": "\(1 / Float(c.headDim).squareRoot())",
            "l2norm_qk": "1",
            "chunk_size": "64",
            "state_layout": "B,HV,K,V",
            "rule": c.rule.rawValue,
            "model": model.name,
            "prompt": text,
            "source": "gdn-tui run --trace",
            // The token strip of `open` shows these pieces; layers of other kinds are named, not traced.
            "tokens": Self.json(tokens.map { Self.text(of: $0, tokenizer: model.tokenizer) }),
            "layer_kinds": Self.json(model.layerKinds.map(\.rawValue)),
            // As dump_trace.py writes them: the model layer each traced layer is.
            "layers": "[" + calls.indices.filter { calls[$0] != nil }.map(String.init).joined(separator: ", ") + "]",
        ])
        let T = tokens.count
        do {
            try writer.add("input_ids", int32s: tokens.map { Int32($0) }, shape: [T])
            for (i, call) in calls.compactMap({ $0 }).enumerated() {
                let s = call.inputs.shape
                try writer.add("layer\(i).q", floats: call.inputs.q, shape: [1, T, s.keyHeads, s.keyDim])
                try writer.add("layer\(i).k", floats: call.inputs.k, shape: [1, T, s.keyHeads, s.keyDim])
                try writer.add("layer\(i).v", floats: call.inputs.v, shape: [1, T, s.valueHeads, s.valueDim])
                try writer.add("layer\(i).g", floats: call.inputs.g, shape: [1, T, s.valueHeads])
                try writer.add("layer\(i).beta", floats: call.inputs.beta, shape: [1, T, s.valueHeads])
                try writer.add("layer\(i).o", floats: call.result.output, shape: [1, T, s.valueHeads, s.valueDim])
                try writer.add("layer\(i).ht", floats: call.result.finalState, shape: [1, s.valueHeads, s.keyDim, s.valueDim])
            }
        } catch {
            throw ModelError("trace: \(error)")
        }
        return writer
    }

    /// A token's text as it reads: its bytes when they are UTF-8 on their own, else its escaped form
    /// (a lone byte of a multi-byte character), which the trace reader shows as it is.
    private static func text(of token: Int, tokenizer: any Tokenizer) -> String {
        String(validating: tokenizer.bytes(of: token), as: UTF8.self) ?? tokenizer.display(token)
    }

    private static func json(_ strings: [String]) -> String {
        (try? JSONEncoder().encode(strings)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
