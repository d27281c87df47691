import Foundation
import SafeTensors

/// Checks a model directory holding `golden.safetensors` (golden/README.md): the full chunked forward,
/// and prefill-then-step, against the float64 logits and final memory states.
public struct ModelVerifier: Sendable {
    public let directory: URL
    public let model: GatedDeltaNetModel
    public let tokens: [Int]
    public let prefillLength: Int
    let expectedLogits: [Float]
    let expectedStates: [[Float]]   // per Gated DeltaNet layer, fla's [HV, V, K]

    public static func hasGolden(_ directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("golden.safetensors").path)
    }

    public init(directory: URL) throws(ModelError) {
        self.directory = directory
        model = try GatedDeltaNetModel(directory: directory)
        let url = directory.appendingPathComponent("golden.safetensors")
        let golden: SafeTensorsFile
        do { golden = try SafeTensorsFile(contentsOf: url) } catch { throw ModelError("\(url.path): \(error)") }
        func read(_ name: String) throws(ModelError) -> [Float] {
            do { return try golden.floats(name) } catch { throw ModelError("\(url.path): \(name): \(error)") }
        }
        do { tokens = try golden.int32s("input_ids").map(Int.init) } catch {
            throw ModelError("\(url.path): input_ids: \(error)")
        }
        let c = model.config
        expectedLogits = try read("logits_f64")
        guard expectedLogits.count == tokens.count * c.vocabSize else {
            throw ModelError("\(url.path): logits_f64 is not [\(tokens.count), \(c.vocabSize)]")
        }
        let text = golden.metadata["prefill"] ?? "\(tokens.count / 2)"
        guard let prefill = Int(text), (0...tokens.count).contains(prefill) else {
            throw ModelError("\(url.path): metadata prefill \"\(text)\" is not a length within the prompt")
        }
        prefillLength = prefill
        var states: [[Float]] = []
        // Hugging Face goldens hold the logits only; fla's also hold each GDN layer's final memory.
        for i in 0..<c.layerCount where c.layerKinds[i] == .gatedDeltaNet && golden.contains("layer\(i).recurrent_state_f64") {
            let state = try read("layer\(i).recurrent_state_f64")
            guard state.count == c.valueHeads * c.headDim * c.headValueDim else {
                throw ModelError("\(url.path): layer\(i).recurrent_state_f64 does not match the config's heads")
            }
            states.append(state)
        }
        expectedStates = states
    }

    public func verify(tolerance: Double) throws(ModelError) -> [VerificationCheck] {
        var chunkedCache = model.emptyCache()
        let chunkedLogits = try model.forward(tokens, cache: &chunkedCache, form: .chunked)

        var stepCache = model.emptyCache()
        var stepLogits = try model.forward(Array(tokens[..<prefillLength]), cache: &stepCache, form: .chunked)
        var workspace = ForwardWorkspace(model: model)
        for token in tokens[prefillLength...] {
            try model.step(token, cache: &stepCache, workspace: &workspace)
            stepLogits += workspace.logits
        }

        var checks: [VerificationCheck] = []
        for (name, logits, cache) in [("model_chunked", chunkedLogits, chunkedCache), ("model_step", stepLogits, stepCache)] {
            checks.append(VerificationCheck(path: directory.path, check: name, metric: "logits_rel_rms",
                                            value: relativeRMSError(logits, reference: expectedLogits), tolerance: tolerance))
            let states = cache.compactMap { $0.gatedDeltaNet }.flatMap { Self.valueFirst($0.state, config: model.config) }
            guard !expectedStates.isEmpty else { continue }
            checks.append(VerificationCheck(path: directory.path, check: name, metric: "state_rel_rms",
                                            value: relativeRMSError(states, reference: expectedStates.flatMap { $0 }),
                                            tolerance: tolerance))
        }
        return checks
    }

    /// Our state [HV, K, V] in fla 0.6's cache layout [HV, V, K].
    static func valueFirst(_ state: [Float], config c: ModelConfig) -> [Float] {
        let (K, V) = (c.headDim, c.headValueDim)
        var out = [Float](repeating: 0, count: state.count)
        for h in 0..<c.valueHeads {
            for i in 0..<K { for j in 0..<V { out[h * K * V + j * K + i] = state[h * K * V + i * V + j] } }
        }
        return out
    }
}
