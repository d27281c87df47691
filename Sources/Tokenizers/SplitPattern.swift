import Foundation

/// What `Split`, `Replace` and their decoders look for: a literal string or a regular expression.
/// Both report matches as byte ranges of UTF-8 text. Regexes run on Foundation's NSRegularExpression
/// (ICU), which on Linux matches HF's Oniguruma splits for the tokenizer regexes (Unicode classes in
/// negated sets, scoped `(?i:)` with Unicode case folding, lookahead, scalar rather than grapheme
/// matching); Swift's `Regex` matches by grapheme and does not.
enum SplitPattern: Sendable {
    case literal([UInt8])
    case regex(SendableRegex)

    /// Reads `{"String": "..."}` or `{"Regex": "..."}`.
    init(_ field: JSONField) throws(TokenizerError) {
        if let literal = try field.member("String") {
            self = .literal(Array(try literal.string().utf8))
        } else if let regex = try field.member("Regex") {
            let pattern = try regex.string()
            guard let compiled = try? NSRegularExpression(pattern: Self.icuPattern(pattern)) else {
                throw regex.error("not a regular expression this tokenizer can run: \(pattern.quotedForMessage)")
            }
            self = .regex(SendableRegex(expression: compiled))
        } else {
            throw field.error("expected {\"String\": ...} or {\"Regex\": ...}")
        }
    }

    /// An Oniguruma pattern in ICU's dialect. `\p{L}`, `\p{N}`, `\p{M}`, `\p{P}`, `\s`, `\d` and `(?i:)`
    /// select the same scalars in both (checked over all of Unicode); `\w` does not: ICU adds the
    /// joiners U+200C/U+200D (it would keep an emoji ZWJ sequence in one word) and leaves out the
    /// Latin-1 digits ² ³ ¹ ¼ ½ ¾ that Oniguruma counts. So `\w` and `\W` are spelled out as
    /// Oniguruma's set.
    static func icuPattern(_ pattern: String) -> String {
        let word = #"\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u00B2\u00B3\u00B9\u00BC-\u00BE"#
        var out = ""
        var classDepth = 0
        var scalars = pattern.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "\\":
                guard let next = scalars.next() else { out += "\\"; break }
                switch next {
                case "w": out += classDepth > 0 ? word : "[\(word)]"
                case "W": out += "[^\(word)]"
                default: out.unicodeScalars.append(scalar); out.unicodeScalars.append(next)
                }
            case "[":
                classDepth += 1
                out += "["
            case "]" where classDepth > 0:
                classDepth -= 1
                out += "]"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The byte ranges of the non-overlapping matches, left to right (empty matches included, as
    /// Oniguruma reports them).
    func matches(in text: [UInt8]) -> [Range<Int>] {
        switch self {
        case .literal(let needle): return Self.literalMatches(of: needle, in: text)
        case .regex(let regex): return regex.matches(in: text)
        }
    }

    private static func literalMatches(of needle: [UInt8], in text: [UInt8]) -> [Range<Int>] {
        guard !needle.isEmpty, needle.count <= text.count else { return [] }
        var found: [Range<Int>] = []
        let first = needle[0]
        var i = 0
        let last = text.count - needle.count
        text.withUnsafeBufferPointer { t in
            needle.withUnsafeBufferPointer { n in
                while i <= last {
                    if t[i] == first {
                        var j = 1
                        while j < n.count, t[i + j] == n[j] { j += 1 }
                        if j == n.count { found.append(i..<(i + n.count)); i += n.count; continue }
                    }
                    i += 1
                }
            }
        }
        return found
    }

    /// The text cut into pieces that cover it, each flagged as a match or not (HF's `find_matches`).
    func pieces(of text: [UInt8], inverted: Bool = false) -> [(range: Range<Int>, isMatch: Bool)] {
        if text.isEmpty { return [(0..<0, inverted)] }
        var pieces: [(range: Range<Int>, isMatch: Bool)] = []
        var previous = 0
        for match in matches(in: text) {
            if previous != match.lowerBound { pieces.append((previous..<match.lowerBound, inverted)) }
            pieces.append((match, !inverted))
            previous = match.upperBound
        }
        if previous != text.count { pieces.append((previous..<text.count, inverted)) }
        return pieces
    }
}

/// A compiled NSRegularExpression, which is immutable and documented as safe to share between threads.
struct SendableRegex: @unchecked Sendable {
    let expression: NSRegularExpression

    /// Matches on the UTF-16 view that NSString gives ICU, then maps the UTF-16 offsets back to UTF-8
    /// byte offsets in one pass (the matches come in order).
    func matches(in text: [UInt8]) -> [Range<Int>] {
        let string = String(decoding: text, as: UTF8.self)
        let utf16Count = string.utf16.count
        var ranges: [Range<Int>] = []
        var utf16Offset = 0
        var bytesSoFar = 0
        func byteOffset(forUTF16 target: Int) -> Int {
            while utf16Offset < target, bytesSoFar < text.count {
                let lead = text[bytesSoFar]
                let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                bytesSoFar += length
                utf16Offset += length == 4 ? 2 : 1
            }
            return min(bytesSoFar, text.count)
        }
        expression.enumerateMatches(in: string, options: [], range: NSRange(location: 0, length: utf16Count)) { result, _, _ in
            guard let range = result?.range, range.location != NSNotFound else { return }
            let start = byteOffset(forUTF16: range.location)
            let end = byteOffset(forUTF16: range.location + range.length)
            ranges.append(start..<end)
        }
        return ranges
    }
}

/// How `Split` treats the matches (HF `SplitDelimiterBehavior`).
enum SplitBehavior: String, Sendable {
    case removed = "Removed"
    case isolated = "Isolated"
    case mergedWithPrevious = "MergedWithPrevious"
    case mergedWithNext = "MergedWithNext"
    case contiguous = "Contiguous"

    /// The ranges kept as pieces, from the covering pieces of `SplitPattern.pieces` (HF
    /// `NormalizedString::split`); empty pieces are dropped later by the caller.
    func apply(_ pieces: [(range: Range<Int>, isMatch: Bool)]) -> [Range<Int>] {
        switch self {
        case .isolated:
            return pieces.map(\.range)
        case .removed:
            return pieces.filter { !$0.isMatch }.map(\.range)
        case .contiguous:
            var out: [Range<Int>] = []
            var previousMatch = false
            for piece in pieces {
                if piece.isMatch == previousMatch, let last = out.last {
                    out[out.count - 1] = last.lowerBound..<piece.range.upperBound
                } else {
                    out.append(piece.range)
                }
                previousMatch = piece.isMatch
            }
            return out
        case .mergedWithPrevious:
            var out: [Range<Int>] = []
            var previousMatch = false
            for piece in pieces {
                if piece.isMatch && !previousMatch, let last = out.last {
                    out[out.count - 1] = last.lowerBound..<piece.range.upperBound
                } else {
                    out.append(piece.range)
                }
                previousMatch = piece.isMatch
            }
            return out
        case .mergedWithNext:
            var out: [Range<Int>] = []
            var previousMatch = false
            for piece in pieces.reversed() {
                if piece.isMatch && !previousMatch, let last = out.last {
                    out[out.count - 1] = piece.range.lowerBound..<last.upperBound
                } else {
                    out.append(piece.range)
                }
                previousMatch = piece.isMatch
            }
            return out.reversed()
        }
    }
}
