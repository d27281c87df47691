import Foundation
import Testing
import SafeTensors
@testable import GatedDeltaNet

/// Kernel cases and traces (`run --trace`) that `verify` must refuse with the tensor or field named:
/// NaN and Inf are reported, never run; misshapen and missing tensors and bad metadata are named.
@Suite struct MalformedKernelCaseTests {
    /// A trace-style file of two layers (B 1, T 2, H = HV 1, K = V 2), with `change` applied to its
    /// tensors and metadata before writing.
    func file(_ change: (inout [String: ([Int], [Float])], inout [String: String]) -> Void) throws -> SafeTensorsFile {
        var tensors: [String: ([Int], [Float])] = [:]
        for layer in 0..<2 {
            let p = "layer\(layer)."
            for name in ["q", "k", "v"] { tensors[p + name] = ([1, 2, 1, 2], [0.5, -0.25, 0.125, 1]) }
            tensors[p + "g"] = ([1, 2, 1], [-0.1, -0.2])
            tensors[p + "beta"] = ([1, 2, 1], [0.5, 0.9])
        }
        var metadata = ["scale": "0.7", "rule": "gated_delta"]
        change(&tensors, &metadata)
        var writer = SafeTensorsWriter(metadata: metadata)
        for (name, (shape, values)) in tensors.sorted(by: { $0.key < $1.key }) {
            try writer.add(name, floats: values, shape: shape)
        }
        return try SafeTensorsFile(data: writer.serialized())
    }

    func refusal(_ change: (inout [String: ([Int], [Float])], inout [String: String]) -> Void) throws -> String {
        do {
            _ = try KernelCase.cases(in: try file(change), name: "trace.safetensors")
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func validTraceLoadsEveryLayer() throws {
        #expect(try KernelCase.cases(in: try file { _, _ in }, name: "trace.safetensors").count == 2)
    }

    @Test func nonFiniteValuesAreReportedWithTensorAndElement() throws {
        #expect(try refusal { t, _ in t["layer1.g"]!.1[1] = .nan } == "trace.safetensors#layer1: layer1.g holds nan at element 1")
        #expect(try refusal { t, _ in t["layer0.v"]!.1[2] = -.infinity } == "trace.safetensors#layer0: layer0.v holds -inf at element 2")
    }

    @Test func misshapenMissingAndBadMetadataAreNamed() throws {
        #expect(try refusal { t, _ in t["layer0.k"] = ([1, 2, 2, 1], [0, 0, 0, 0]) }.contains("layer0.k has shape [1, 2, 2, 1], expected [1, 2, 1, 2]"))
        #expect(try refusal { t, _ in t["layer0.beta"] = nil }.contains("missing tensor layer0.beta"))
        #expect(try refusal { t, _ in t = t.filter { !$0.key.hasSuffix(".q") } }.contains("not a kernel case"))
        #expect(try refusal { _, m in m["rule"] = "hebb\u{1b}[2J" } == #"trace.safetensors#layer0: metadata rule "hebb\x1b[2J" is unknown"#)
        #expect(try refusal { _, m in m["scale"] = "nan" }.contains(#"metadata scale "nan" is not a number"#))
    }
}
