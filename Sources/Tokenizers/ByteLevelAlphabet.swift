/// GPT-2's byte-to-character table: each byte becomes one printable character (printable ASCII and
/// Latin-1 map to themselves, the other 68 bytes to U+0100...U+0143), so a byte-level vocabulary is a
/// set of ordinary strings. `Ġ` (U+0120) is the space.
enum ByteLevelAlphabet {
    /// The character of each byte.
    static let scalarOfByte: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var extra: UInt32 = 0
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            if printable {
                table[byte] = UInt32(byte)
            } else {
                table[byte] = 256 + extra
                extra += 1
            }
        }
        return table
    }()

    /// The UTF-8 spelling of each byte's character (one or two bytes).
    static let utf8OfByte: [[UInt8]] = scalarOfByte.map { Array(String(Character(Unicode.Scalar($0)!)).utf8) }

    /// The byte of a character of the alphabet, or nil.
    static func byte(of scalar: UInt32) -> UInt8? {
        if scalar < 256 {
            let byte = Int(scalar)
            return scalarOfByte[byte] == scalar ? UInt8(byte) : nil
        }
        guard scalar < 256 + 68 else { return nil }
        return byteOfExtra[Int(scalar - 256)]
    }

    private static let byteOfExtra: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 68)
        for byte in 0..<256 where scalarOfByte[byte] >= 256 { table[Int(scalarOfByte[byte] - 256)] = UInt8(byte) }
        return table
    }()

    /// Text spelled in the alphabet: every byte replaced by its character's UTF-8.
    static func encode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(contentsOf: utf8OfByte[Int(byte)]) }
        return out
    }

    /// GPT-2's own split, used by a ByteLevel pre-tokenizer with `use_regex`.
    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
}
