/// The character classes of HF's added-token rules, on UTF-8 bytes: Rust regex's Unicode `\s`
/// (White_Space) and `\w` (Alphabetic, marks, decimal digits, connector punctuation, Join_Control).
enum UnicodeClasses {
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.isJoinControl { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    static func scalars<C: Collection<UInt8>>(_ bytes: C) -> String.UnicodeScalarView {
        String(decoding: bytes, as: UTF8.self).unicodeScalars
    }

    /// Looks at the last character only (its lead byte is at most 3 bytes before the end), so a check
    /// costs the same however long the text before it is.
    static func endsWithWordCharacter(_ bytes: ArraySlice<UInt8>) -> Bool {
        var start = bytes.endIndex
        while start > bytes.startIndex {
            start -= 1
            if bytes[start] & 0xC0 != 0x80 { break }
        }
        return scalars(bytes[start...]).last.map(isWordCharacter) ?? false
    }

    static func startsWithWordCharacter(_ bytes: ArraySlice<UInt8>) -> Bool {
        scalars(bytes.prefix(4)).first.map(isWordCharacter) ?? false
    }

    /// The index in the enclosing array where the whitespace at the end of `bytes` begins.
    static func startOfTrailingWhitespace(_ bytes: ArraySlice<UInt8>) -> Int {
        var end = bytes.endIndex
        while end > bytes.startIndex {
            var start = end - 1
            while start > bytes.startIndex, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            guard let scalar = scalars(bytes[start..<end]).first, isWhitespace(scalar) else { break }
            end = start
        }
        return end
    }

    /// How many bytes of whitespace `bytes` starts with.
    static func lengthOfLeadingWhitespace(_ bytes: ArraySlice<UInt8>) -> Int {
        var length = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator), isWhitespace(scalar) {
            length += UTF8.width(scalar)
        }
        return length
    }
}
