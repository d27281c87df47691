import Foundation

/// A piece of normalized text on its way to the model. `startsText` says whether it begins at the
/// start of the original input: Metaspace's `prepend_scheme: first` adds "▁" only there.
struct TextPiece {
    var bytes: [UInt8]
    var startsText: Bool
}

/// How Metaspace decides where to put its "▁" in front (HF `PrependScheme`).
enum PrependScheme: String, Sendable {
    case always, first, never
}

/// The `pre_tokenizer` of tokenizer.json: cuts each piece into the words the model encodes alone.
indirect enum PreTokenizer: Sendable {
    case split(SplitPattern, SplitBehavior, invert: Bool)
    case byteLevel(addPrefixSpace: Bool, regex: SplitPattern?)
    case metaspace(replacement: [UInt8], prependScheme: PrependScheme, split: Bool)
    case sequence([PreTokenizer])

    init(_ field: JSONField) throws(TokenizerError) {
        let type = try field.typeName()
        switch type {
        case "Split":
            let behaviorField = try field.required("behavior")
            let name = try behaviorField.string()
            guard let behavior = SplitBehavior(rawValue: name) else {
                throw behaviorField.error("unknown behavior \(name.quotedForMessage) (Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous)")
            }
            self = .split(try SplitPattern(field.required("pattern")), behavior, invert: try field.optionalBool("invert") ?? false)
        case "ByteLevel":
            let useRegex = try field.optionalBool("use_regex") ?? true
            var regex: SplitPattern? = nil
            if useRegex {
                guard let gpt2 = Self.gpt2Regex else { throw field.error("this system's regex engine cannot compile GPT-2's split") }
                regex = .regex(gpt2)
            }
            self = .byteLevel(addPrefixSpace: try field.optionalBool("add_prefix_space") ?? true, regex: regex)
        case "Metaspace":
            let (replacement, scheme, split) = try Self.metaspaceOptions(field)
            self = .metaspace(replacement: replacement, prependScheme: scheme, split: split)
        case "Sequence":
            self = .sequence(try field.required("pretokenizers").array().map { (element) throws(TokenizerError) in try PreTokenizer(element) })
        default:
            throw field.error("pre-tokenizer type \(type.quotedForMessage) is not supported (Split, ByteLevel, Metaspace, Sequence are)")
        }
    }

    private static let gpt2Regex: SendableRegex? =
        (try? NSRegularExpression(pattern: ByteLevelAlphabet.gpt2Pattern)).map(SendableRegex.init)

    /// Metaspace's fields as HF reads them: `replacement` one character, `prepend_scheme` (default
    /// always), or the older `add_prefix_space` (false means never), `split` (default true).
    static func metaspaceOptions(_ field: JSONField) throws(TokenizerError) -> ([UInt8], PrependScheme, Bool) {
        let replacementField = try field.required("replacement")
        let replacement = try replacementField.string()
        guard replacement.unicodeScalars.count == 1 else { throw replacementField.error("expected one character") }
        var scheme = PrependScheme.always
        if let schemeField = try field.optional("prepend_scheme") {
            let name = try schemeField.string()
            guard let parsed = PrependScheme(rawValue: name) else {
                throw schemeField.error("unknown prepend_scheme \(name.quotedForMessage) (first, always, never)")
            }
            scheme = parsed
        }
        if let addPrefixSpace = try field.optionalBool("add_prefix_space"), !addPrefixSpace {
            scheme = .never
        }
        return (Array(replacement.utf8), scheme, try field.optionalBool("split") ?? true)
    }

    func preTokenize(_ pieces: [TextPiece]) -> [TextPiece] {
        switch self {
        case .sequence(let steps):
            return steps.reduce(pieces) { $1.preTokenize($0) }
        case .split(let pattern, let behavior, let invert):
            return pieces.flatMap { piece in
                cut(piece, behavior.apply(pattern.pieces(of: piece.bytes, inverted: invert)))
            }
        case .byteLevel(let addPrefixSpace, let regex):
            var out: [TextPiece] = []
            for var piece in pieces {
                if addPrefixSpace, piece.bytes.first != 0x20 { piece.bytes.insert(0x20, at: 0) }
                let words = regex.map { cut(piece, SplitBehavior.isolated.apply($0.pieces(of: piece.bytes))) } ?? [piece]
                for word in words {
                    out.append(TextPiece(bytes: ByteLevelAlphabet.encode(word.bytes[...]), startsText: word.startsText))
                }
            }
            return out
        case .metaspace(let replacement, let scheme, let split):
            return pieces.flatMap { piece -> [TextPiece] in
                var bytes = SplitPattern.literal([0x20]).replacingMatches(in: piece.bytes, with: replacement)
                let startsWithReplacement = bytes.starts(with: replacement)
                switch scheme {
                case .always where !startsWithReplacement: bytes = replacement + bytes
                case .first where !startsWithReplacement && piece.startsText: bytes = replacement + bytes
                default: break
                }
                let replaced = TextPiece(bytes: bytes, startsText: piece.startsText)
                guard split else { return [replaced] }
                let marks = SplitPattern.literal(replacement).pieces(of: bytes)
                return cut(replaced, SplitBehavior.mergedWithNext.apply(marks))
            }
        }
    }

    /// The non-empty sub-pieces at `ranges`.
    private func cut(_ piece: TextPiece, _ ranges: [Range<Int>]) -> [TextPiece] {
        ranges.compactMap { range in
            range.isEmpty ? nil : TextPiece(bytes: Array(piece.bytes[range]), startsText: piece.startsText && range.lowerBound == 0)
        }
    }
}
