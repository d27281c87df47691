import Foundation
import GatedDelta
import SafeTensors
import TextEscaping

/// One kernel case in the golden schema (golden/README.md): inputs q, k, v, g, beta and optional h0,
/// expected o and ht, and metadata `scale`, `l2norm_qk`, `rule`. A trace file holds one case per layer
/// under the prefixes `layer0.`, `layer1.`, ...
public struct KernelCase: Sendable {
    public let name: String
    public let inputs: GatedDeltaInputs
    public let options: GatedDeltaOptions
    public let expectedOutput: [Float]?
    public let expectedState: [Float]?

    /// Every case in a file: the unprefixed one, or one per `layer{i}.` prefix.
    public static func load(contentsOf url: URL) throws(ModelError) -> [KernelCase] {
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(contentsOf: url) } catch { throw ModelError("\(url.path): \(error)") }
        return try cases(in: file, name: url.path)
    }

    /// Every case in a file already read; `name` (the path) starts each error message.
    public static func cases(in file: SafeTensorsFile, name: String) throws(ModelError) -> [KernelCase] {
        if file.contains("q") { return [try KernelCase(file, prefix: "", name: name)] }
        var cases: [KernelCase] = []
        var layer = 0
        while file.contains("layer\(layer).q") {
            cases.append(try KernelCase(file, prefix: "layer\(layer).", name: "\(name)#layer\(layer)"))
            layer += 1
        }
        guard !cases.isEmpty else {
            throw ModelError("\(name): not a kernel case (no tensor q, nor layer0.q)")
        }
        return cases
    }

    /// Whether a safetensors file looks like a kernel case or trace, without reading its data.
    public static func isKernelCase(_ url: URL) -> Bool {
        guard let file = try? SafeTensorsFile(contentsOf: url) else { return false }
        return file.contains("q") || file.contains("layer0.q")
    }

    init(_ file: SafeTensorsFile, prefix: String, name: String) throws(ModelError) {
        self.name = name
        func info(_ tensor: String, rank: Int) throws(ModelError) -> [Int] {
            guard let info = file.info(prefix + tensor) else { throw ModelError("\(name): missing tensor \(prefix + tensor)") }
            guard info.shape.count == rank else {
                throw ModelError("\(name): \(prefix + tensor) has shape \(info.shape), expected \(rank) dimensions")
            }
            return info.shape
        }
        func floats(_ tensor: String) throws(ModelError) -> [Float] {
            do { return try file.floats(prefix + tensor) } catch { throw ModelError("\(name): \(prefix + tensor): \(error)") }
        }
        func expect(_ tensor: String, _ shape: [Int], _ expected: [Int]) throws(ModelError) {
            guard shape == expected else {
                throw ModelError("\(name): \(prefix + tensor) has shape \(shape), expected \(expected)")
            }
        }
        let q = try info("q", rank: 4)
        let (B, T, H, K) = (q[0], q[1], q[2], q[3])
        try expect("k", try info("k", rank: 4), q)
        let v = try info("v", rank: 4)
        let (HV, V) = (v[2], v[3])
        try expect("v", v, [B, T, HV, V])
        try expect("g", try info("g", rank: 3), [B, T, HV])
        try expect("beta", try info("beta", rank: 3), [B, T, HV])
        let shape = GatedDeltaShape(batch: B, length: T, keyHeads: H, valueHeads: HV, keyDim: K, valueDim: V)
        var initialState: [Float]?
        if file.contains(prefix + "h0") {
            try expect("h0", try info("h0", rank: 4), [B, HV, K, V])
            initialState = try floats("h0")
        }
        let (qv, kv, vv, gv, bv) = (try floats("q"), try floats("k"), try floats("v"), try floats("g"), try floats("beta"))
        do {
            inputs = try GatedDeltaInputs(shape: shape, q: qv, k: kv, v: vv, g: gv, beta: bv, initialState: initialState)
        } catch {
            throw ModelError("\(name): \(error)")
        }
        for (tensor, values) in [("q", inputs.q), ("k", inputs.k), ("v", inputs.v), ("g", inputs.g), ("beta", inputs.beta)] {
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw ModelError("\(name): \(prefix + tensor) holds \(values[bad]) at element \(bad)")
            }
        }
        if file.contains(prefix + "o") {
            try expect("o", try info("o", rank: 4), [B, T, HV, V])
            expectedOutput = try floats("o")
        } else { expectedOutput = nil }
        if file.contains(prefix + "ht") {
            try expect("ht", try info("ht", rank: 4), [B, HV, K, V])
            expectedState = try floats("ht")
        } else { expectedState = nil }

        let metadata = file.metadata
        func meta(_ key: String) -> String? { metadata[prefix + key] ?? metadata[key] }
        var options = GatedDeltaOptions()
        if let text = meta("scale") {
            guard let scale = Float(text), scale.isFinite else { throw ModelError("\(name): metadata scale \"\(ByteEscaping.escaped(text))\" is not a number") }
            options.scale = scale
        }
        switch meta("l2norm_qk") {
        case nil, "0", "false": options.normalizesQueryKey = false
        case "1", "true": options.normalizesQueryKey = true
        case let text?: throw ModelError("\(name): metadata l2norm_qk \"\(ByteEscaping.escaped(text))\" is not 0 or 1")
        }
        if let text = meta("rule") {
            guard let rule = UpdateRule(rawValue: text) else { throw ModelError("\(name): metadata rule \"\(ByteEscaping.escaped(text))\" is unknown") }
            options.rule = rule
        }
        if let text = meta("state_layout"), text != "B,HV,K,V" {
            throw ModelError("\(name): metadata state_layout \"\(ByteEscaping.escaped(text))\" is not B,HV,K,V")
        }
        self.options = options
    }
}
