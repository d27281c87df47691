import Foundation

/// The `safetensors-header` target's input: the JSON header, a NUL byte, then the data buffer. The
/// 8-byte header length is written to match, so a mutation that grows or shrinks the JSON still reaches
/// the header checks instead of stopping at "header length runs past the end" (the raw `safetensors`
/// target covers the length field itself).
enum HeaderInput {
    static func file(_ input: Data) -> Data {
        let separator = input.firstIndex(of: 0) ?? input.endIndex
        let header = input[input.startIndex..<separator]
        let rest = separator < input.endIndex ? input[(separator + 1)...] : Data()
        var file = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
        return file + header + rest
    }

    /// The input for a safetensors file, when its declared header length fits (the seeds are made so).
    static func input(fromFile file: Data) -> Data? {
        let bytes = [UInt8](file)
        guard bytes.count >= 8 else { return nil }
        let length = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(bytes.count - 8) else { return nil }
        let end = 8 + Int(length)
        return Data(bytes[8..<end]) + Data([0]) + Data(bytes[end...])
    }
}
