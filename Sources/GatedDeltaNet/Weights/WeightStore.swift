import Foundation
import SafeTensors
import TextEscaping

/// The tensors of an fla checkpoint directory: `model.safetensors`, or the shards listed in
/// `model.safetensors.index.json`. Every tensor is widened to fp32 on load, shape-checked against what
/// the config implies, and checked for NaN and Inf, so a bad file fails here with the tensor's name.
public struct WeightStore: Sendable {
    private let files: [String: SafeTensorsFile]      // shard file name -> file
    private let shardOfTensor: [String: String]       // tensor name -> shard file name
    public let directory: URL

    public init(directory: URL) throws(ModelError) {
        self.directory = directory
        let single = directory.appendingPathComponent("model.safetensors")
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        var files: [String: SafeTensorsFile] = [:]
        var shardOfTensor: [String: String] = [:]
        if FileManager.default.fileExists(atPath: index.path) {
            let map = try Self.readIndex(index)
            for shard in Set(map.values).sorted() {
                files[shard] = try Self.open(directory.appendingPathComponent(shard))
            }
            for (tensor, shard) in map {
                guard files[shard]?.contains(tensor) == true else {
                    throw ModelError("\(index.path): tensor \(ByteEscaping.escaped(tensor)) is not in its shard \(ByteEscaping.escaped(shard))")
                }
                shardOfTensor[tensor] = shard
            }
        } else if FileManager.default.fileExists(atPath: single.path) {
            let file = try Self.open(single)
            files["model.safetensors"] = file
            for name in file.tensorNames { shardOfTensor[name] = "model.safetensors" }
        } else {
            throw ModelError("\(directory.path): no model.safetensors or model.safetensors.index.json")
        }
        self.files = files
        self.shardOfTensor = shardOfTensor
    }

    public var tensorNames: [String] { shardOfTensor.keys.sorted() }

    public func contains(_ name: String) -> Bool { shardOfTensor[name] != nil }

    /// The tensor `name` as fp32, which must have exactly `shape`.
    public func tensor(_ name: String, shape: [Int]) throws(ModelError) -> [Float] {
        guard let shard = shardOfTensor[name], let file = files[shard], let info = file.info(name) else {
            throw ModelError("\(directory.path): missing tensor \(name)")
        }
        guard info.shape == shape else {
            throw ModelError("\(directory.path)/\(shard): tensor \(name) has shape \(info.shape), expected \(shape)")
        }
        let values: [Float]
        do { values = try file.floats(name) } catch {
            throw ModelError("\(directory.path)/\(shard): tensor \(name): \(error)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ModelError("\(directory.path)/\(shard): tensor \(name) holds \(values[bad]) at element \(bad)")
        }
        return values
    }

    /// The tensor `name`'s bf16 bits in place (a slice of the mapped file), checked for shape and for
    /// NaN and Inf; nil when it is not stored as BF16.
    public func bfloat16Data(_ name: String, shape: [Int]) throws(ModelError) -> Data? {
        guard let shard = shardOfTensor[name], let file = files[shard], let info = file.info(name) else {
            throw ModelError("\(directory.path): missing tensor \(name)")
        }
        guard info.dtype == .bf16 else { return nil }
        guard info.shape == shape else {
            throw ModelError("\(directory.path)/\(shard): tensor \(name) has shape \(info.shape), expected \(shape)")
        }
        let bits: Data
        do { bits = try file.storedData(name) } catch {
            throw ModelError("\(directory.path)/\(shard): tensor \(name): \(error)")
        }
        // All exponent bits set: Inf or NaN.
        let bad = bits.withUnsafeBytes { raw -> (Int, UInt16)? in
            for i in 0..<raw.count / 2 {
                let value = raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                if value & 0x7F80 == 0x7F80 { return (i, value) }
            }
            return nil
        }
        if let (element, value) = bad {
            let float = Float(bitPattern: UInt32(value) << 16)
            throw ModelError("\(directory.path)/\(shard): tensor \(name) holds \(float) at element \(element)")
        }
        return bits
    }

    private static func open(_ url: URL) throws(ModelError) -> SafeTensorsFile {
        guard FileManager.default.fileExists(atPath: url.path) else { throw ModelError("\(url.path): file not found") }
        do { return try SafeTensorsFile(contentsOf: url) } catch {
            throw ModelError("\(url.path): \(error)")
        }
    }

    private static func readIndex(_ url: URL) throws(ModelError) -> [String: String] {
        guard let data = try? Data(contentsOf: url),
              let value = try? JSONDecoder().decode(JSONValue.self, from: data),
              case .object(let top) = value, case .object(let map)? = top["weight_map"] else {
            throw ModelError("\(url.path): not a safetensors index (no weight_map object)")
        }
        var result: [String: String] = [:]
        for (tensor, shard) in map {
            guard case .string(let file) = shard, !file.contains("/"), !file.isEmpty else {
                throw ModelError("\(url.path): weight_map entry for \(ByteEscaping.escaped(tensor)) is not a file name in the directory")
            }
            result[tensor] = file
        }
        return result
    }
}
