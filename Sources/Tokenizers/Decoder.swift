/// The `decoder` of tokenizer.json: turns the tokens of some ids back into text (HF `decode_chain`:
/// each step maps the list of token strings to a new list, and the last list is joined).
/// Tokens travel as UTF-8 bytes so that no step compares text by canonical equivalence.
indirect enum Decoder: Sendable {
    case byteLevel
    case replace(SplitPattern, content: [UInt8])
    case byteFallback
    case fuse
    case strip(content: Unicode.Scalar, start: Int, stop: Int)
    case metaspace(replacement: Unicode.Scalar, prependScheme: PrependScheme)
    case sequence([Decoder])

    init(_ field: JSONField) throws(TokenizerError) {
        let type = try field.typeName()
        switch type {
        case "ByteLevel": self = .byteLevel
        case "ByteFallback": self = .byteFallback
        case "Fuse": self = .fuse
        case "Replace":
            self = .replace(try SplitPattern(field.required("pattern")), content: Array(try field.required("content").string().utf8))
        case "Strip":
            let contentField = try field.required("content")
            let content = try contentField.string()
            guard content.unicodeScalars.count == 1, let scalar = content.unicodeScalars.first else {
                throw contentField.error("expected one character")
            }
            self = .strip(content: scalar, start: try field.required("start").int(), stop: try field.required("stop").int())
        case "Metaspace":
            let (replacement, scheme, _) = try PreTokenizer.metaspaceOptions(field)
            let scalar = String(decoding: replacement, as: UTF8.self).unicodeScalars.first ?? "\u{2581}"
            self = .metaspace(replacement: scalar, prependScheme: scheme)
        case "Sequence":
            self = .sequence(try field.required("decoders").array().map { (element) throws(TokenizerError) in try Decoder(element) })
        default:
            throw field.error("decoder type \(type.quotedForMessage) is not supported (ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace, Sequence are)")
        }
    }

    func decodeChain(_ tokens: [[UInt8]]) -> [[UInt8]] {
        switch self {
        case .sequence(let steps):
            return steps.reduce(tokens) { $1.decodeChain($0) }
        case .fuse:
            return [tokens.flatMap { $0 }]
        case .replace(let pattern, let content):
            return tokens.map { pattern.replacingMatches(in: $0, with: content) }
        case .byteLevel:
            // Each token back to bytes through the alphabet (a token with a character outside it keeps
            // its own UTF-8), then one lossy UTF-8 decode of everything: one U+FFFD per maximal
            // invalid sequence, as Rust's from_utf8_lossy.
            var bytes: [UInt8] = []
            for token in tokens {
                let start = bytes.count
                var ok = true
                for scalar in String(decoding: token, as: UTF8.self).unicodeScalars {
                    guard let byte = ByteLevelAlphabet.byte(of: scalar.value) else { ok = false; break }
                    bytes.append(byte)
                }
                if !ok { bytes.removeLast(bytes.count - start); bytes += token }
            }
            return [Array(String(decoding: bytes, as: UTF8.self).utf8)]
        case .byteFallback:
            // Runs of <0xXX> tokens become their bytes when those are valid UTF-8, else one U+FFFD each.
            var out: [[UInt8]] = []
            var pending: [UInt8] = []
            func flush() {
                guard !pending.isEmpty else { return }
                if String(validating: pending, as: UTF8.self) != nil {
                    out.append(pending)
                } else {
                    out += Array(repeating: Array("\u{FFFD}".utf8), count: pending.count)
                }
                pending.removeAll()
            }
            for token in tokens {
                if let byte = Self.byteOfFallbackToken(token) {
                    pending.append(byte)
                } else {
                    flush()
                    out.append(token)
                }
            }
            flush()
            return out
        case .strip(let content, let start, let stop):
            return tokens.map { token in
                let scalars = Array(String(decoding: token, as: UTF8.self).unicodeScalars)
                var startCut = 0
                for (i, scalar) in scalars.enumerated().prefix(start) {
                    guard scalar == content else { break }
                    startCut = i + 1
                }
                var stopCut = scalars.count
                for i in 0..<min(stop, scalars.count) {
                    let index = scalars.count - i - 1
                    guard scalars[index] == content else { break }
                    stopCut = index
                }
                guard startCut < stopCut else { return [] }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[startCut..<stopCut])
                return Array(String(view).utf8)
            }
        case .metaspace(let replacement, let scheme):
            return tokens.enumerated().map { index, token in
                var view = String.UnicodeScalarView()
                for scalar in String(decoding: token, as: UTF8.self).unicodeScalars {
                    if scalar == replacement {
                        if index == 0 && scheme != .never { continue }
                        view.append(" ")
                    } else {
                        view.append(scalar)
                    }
                }
                return Array(String(view).utf8)
            }
        }
    }

    /// The raw bytes one token stands for in running text: what the decoders turn it into, except that
    /// a byte-level or byte-fallback token gives its byte even when that byte is no character alone,
    /// and no decoder strips the space of a sequence's start (the token is not at the start of the
    /// text). What a screen shows for one token of many.
    func tokenBytes(_ token: [UInt8]) -> [UInt8] {
        switch self {
        case .sequence(let steps): return steps.reduce(token) { $1.tokenBytes($0) }
        case .fuse, .strip: return token
        case .replace(let pattern, let content): return pattern.replacingMatches(in: token, with: content)
        case .byteLevel:
            var bytes: [UInt8] = []
            for scalar in String(decoding: token, as: UTF8.self).unicodeScalars {
                guard let byte = ByteLevelAlphabet.byte(of: scalar.value) else { return token }
                bytes.append(byte)
            }
            return bytes
        case .byteFallback: return Self.byteOfFallbackToken(token).map { [$0] } ?? token
        case .metaspace(let replacement, _):
            var view = String.UnicodeScalarView()
            for scalar in String(decoding: token, as: UTF8.self).unicodeScalars { view.append(scalar == replacement ? " " : scalar) }
            return Array(String(view).utf8)
        }
    }

    /// `<0xE4>` → 0xE4, as HF reads it: six bytes, "<0x", two characters Rust's `u8::from_str_radix`
    /// accepts in base 16 (a leading "+" included), ">".
    static func byteOfFallbackToken(_ token: [UInt8]) -> UInt8? {
        guard token.count == 6, token[0] == UInt8(ascii: "<"), token[1] == UInt8(ascii: "0"), token[2] == UInt8(ascii: "x"),
              token[5] == UInt8(ascii: ">") else { return nil }
        func digit(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        if token[3] == UInt8(ascii: "+") { return digit(token[4]) }
        guard let high = digit(token[3]), let low = digit(token[4]) else { return nil }
        return high << 4 | low
    }
}
