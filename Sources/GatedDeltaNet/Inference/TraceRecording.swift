import Foundation
import SafeTensors
import TextEscaping

extension Recording {
    /// A trace in the kernel-case schema (one case, or one per `layer{i}.` prefix), as `gdn-tui run
    /// --trace` and `Samples/traces/dump_trace.py` write it. Step labels come from the metadata
    /// `tokens` (a JSON list of strings) when present, else from `input_ids` read as bytes (ids
    /// below 256) or shown as `#id`, else the step number.
    public static func load(trace url: URL) throws(ModelError) -> Recording {
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(contentsOf: url) } catch { throw ModelError("\(url.path): \(error)") }
        return try Recording(trace: file, path: url.path)
    }

    /// A trace already read; `path` names it in errors.
    public init(trace file: SafeTensorsFile, path: String) throws(ModelError) {
        let cases = try KernelCase.cases(in: file, name: path)
        let layers = cases.map { LayerStream(inputs: $0.inputs, options: $0.options) }
        let length = layers[0].length
        for (i, layer) in layers.enumerated() {
            guard layer.inputs.shape.batch == 1 else {
                throw ModelError("\(path): layer \(i) has batch \(layer.inputs.shape.batch); a trace holds one sequence")
            }
            guard layer.length == length else {
                throw ModelError("\(path): layer \(i) has \(layer.length) steps, layer 0 has \(length)")
            }
        }
        guard length > 0 else { throw ModelError("\(path): the trace has no steps") }
        let labels = try Self.labels(file, length: length, path: path)
        let name = URL(fileURLWithPath: path).lastPathComponent
        self.init(name: name, title: file.metadata["prompt"] ?? name, layers: layers, labels: labels)
    }

    static func labels(_ file: SafeTensorsFile, length: Int, path: String) throws(ModelError) -> [String] {
        if let text = file.metadata["tokens"] {
            guard let data = text.data(using: .utf8),
                  let list = try? JSONDecoder().decode([String].self, from: data), list.count == length else {
                throw ModelError("\(path): metadata tokens is not a JSON list of \(length) strings")
            }
            return list.map { ByteEscaping.escaped(Array($0.utf8), keepUTF8: true) }
        }
        guard file.contains("input_ids") else { return (1...length).map { "#\($0)" } }
        let ids: [Int]
        do {
            ids = try file.int32s("input_ids").map { Int($0) }
        } catch {
            throw ModelError("\(path): input_ids: \(error)")
        }
        guard ids.count == length else {
            throw ModelError("\(path): input_ids has \(ids.count) tokens, the rule inputs have \(length) steps")
        }
        return ids.map { (0..<256).contains($0) ? ByteEscaping.escaped(byte: UInt8($0)) : "#\($0)" }
    }
}
