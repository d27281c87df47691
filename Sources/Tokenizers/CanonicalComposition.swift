import Foundation

/// Unicode Normalization Form C over UTF-8 bytes. Foundation's NFC on Linux mishandles Hangul: it
/// leaves a precomposed LV syllable and a trailing jamo apart (가 + ᆨ stays two scalars), drops U+11A7,
/// and composes leading and vowel jamo outside the composable ranges (U+1113 + U+1161 becomes U+D7A4,
/// which is no syllable). So the text is decomposed with Foundation's NFD (correct, Hangul included),
/// jamo runs are composed here by the Unicode algorithm, and everything between them is composed by
/// Foundation, which is right once no Hangul is involved (no canonical composition pairs a jamo with
/// anything else, and a combining mark between two jamo blocks their composition).
enum CanonicalComposition {
    static func nfc(_ text: [UInt8]) -> [UInt8] {
        if isTriviallyComposed(text) { return text }
        let decomposed = String(decoding: text, as: UTF8.self).decomposedStringWithCanonicalMapping
        var out = String.UnicodeScalarView()
        var other = String.UnicodeScalarView()
        var jamo: [UInt32] = []
        func flushOther() {
            guard !other.isEmpty else { return }
            out.append(contentsOf: String(other).precomposedStringWithCanonicalMapping.unicodeScalars)
            other = String.UnicodeScalarView()
        }
        func flushJamo() {
            guard !jamo.isEmpty else { return }
            for value in composeHangul(jamo) { if let scalar = Unicode.Scalar(value) { out.append(scalar) } }
            jamo.removeAll(keepingCapacity: true)
        }
        for scalar in decomposed.unicodeScalars {
            if (0x1100...0x11FF).contains(scalar.value) {
                flushOther()
                jamo.append(scalar.value)
            } else {
                flushJamo()
                other.append(scalar)
            }
        }
        flushOther()
        flushJamo()
        return Array(String(out).utf8)
    }

    /// Text whose scalars are all below U+0300, or CJK ideographs, or Hangul syllables is in NFC already
    /// (all of them have NFC_Quick_Check=Yes and combining class 0, and none composes with the next):
    /// the common case costs one pass over the bytes.
    static func isTriviallyComposed(_ text: [UInt8]) -> Bool {
        var i = 0
        let count = text.count
        while i < count {
            let lead = text[i]
            if lead < 0xCC { i += 1; continue }   // ASCII, continuation bytes, and scalars below U+0300
            guard lead >= 0xE0, lead < 0xF0, i + 2 < count else { return false }
            let value = UInt32(lead & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F)
            guard (0x4E00...0x9FFF).contains(value) || (0xAC00...0xD7A3).contains(value) else { return false }
            i += 3
        }
        return true
    }

    private static let sBase: UInt32 = 0xAC00, lBase: UInt32 = 0x1100, vBase: UInt32 = 0x1161, tBase: UInt32 = 0x11A7
    private static let lCount: UInt32 = 19, vCount: UInt32 = 21, tCount: UInt32 = 28

    /// Unicode 3.12: L V becomes an LV syllable, LV T an LVT syllable; anything else stays.
    static func composeHangul(_ input: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(input.count)
        for value in input {
            if let last = out.last {
                if last >= lBase, last < lBase + lCount, value >= vBase, value < vBase + vCount {
                    out[out.count - 1] = sBase + ((last - lBase) * vCount + (value - vBase)) * tCount
                    continue
                }
                if last >= sBase, last < sBase + lCount * vCount * tCount, (last - sBase) % tCount == 0,
                   value > tBase, value < tBase + tCount {
                    out[out.count - 1] = last + (value - tBase)
                    continue
                }
            }
            out.append(value)
        }
        return out
    }
}
