/// The `normalizer` of tokenizer.json, applied to each piece of text between added tokens.
indirect enum Normalizer: Sendable {
    case nfc
    /// Puts its text in front of a non-empty piece (SentencePiece's leading "▁").
    case prepend([UInt8])
    case replace(SplitPattern, content: [UInt8])
    case sequence([Normalizer])

    init(_ field: JSONField) throws(TokenizerError) {
        let type = try field.typeName()
        switch type {
        case "NFC": self = .nfc
        case "Prepend": self = .prepend(Array(try field.required("prepend").string().utf8))
        case "Replace":
            self = .replace(try SplitPattern(field.required("pattern")), content: Array(try field.required("content").string().utf8))
        case "Sequence":
            self = .sequence(try field.required("normalizers").array().map { (element) throws(TokenizerError) in try Normalizer(element) })
        default:
            throw field.error("normalizer type \(type.quotedForMessage) is not supported (NFC, Prepend, Replace, Sequence are)")
        }
    }

    func normalize(_ text: [UInt8]) -> [UInt8] {
        switch self {
        case .nfc:
            return CanonicalComposition.nfc(text)
        case .prepend(let prefix):
            return text.isEmpty ? text : prefix + text
        case .replace(let pattern, let content):
            return pattern.replacingMatches(in: text, with: content)
        case .sequence(let normalizers):
            return normalizers.reduce(text) { $1.normalize($0) }
        }
    }
}

extension SplitPattern {
    func replacingMatches(in text: [UInt8], with content: [UInt8]) -> [UInt8] {
        let found = matches(in: text)
        guard !found.isEmpty else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + found.count * content.count)
        var previous = 0
        for match in found {
            out.append(contentsOf: text[previous..<match.lowerBound])
            out.append(contentsOf: content)
            previous = match.upperBound
        }
        out.append(contentsOf: text[previous...])
        return out
    }
}
