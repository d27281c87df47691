/// One entry of `added_tokens`: text matched whole before the model sees anything.
struct AddedToken: Sendable {
    var id: Int32
    var content: [UInt8]
    var text: String
    var isSpecial: Bool
    var isNormalized: Bool
    var stripsLeft: Bool
    var stripsRight: Bool
    var isSingleWord: Bool
}

/// The added tokens and their two matchers (HF `AddedVocabulary`): tokens with `normalized: false`
/// are found in the raw text, the others in each normalized piece, leftmost-longest like HF's
/// Aho-Corasick automaton. Ids follow HF's loader: a token already in the model's vocabulary keeps
/// that id, a new one gets the next free id (the ids written in the file are only checked by HF).
struct AddedVocabulary: Sendable {
    private(set) var tokens: [AddedToken] = []
    /// The content of each added token by id (HF `simple_id_to_token`).
    private(set) var contentOfID: [Int32: String] = [:]
    private(set) var specialContents: Set<ByteString> = []
    private(set) var rawMatcher = TokenMatcher(patterns: [])
    private(set) var normalizedMatcher = TokenMatcher(patterns: [])

    init() {}

    init(_ field: JSONField?, model: BPEModel, normalizer: Normalizer?) throws(TokenizerError) {
        guard let field else { return }
        var idOfContent: [ByteString: Int32] = [:]
        var tokenOfID: [Int32: AddedToken] = [:]
        var special: [AddedToken] = []
        var plain: [AddedToken] = []
        var nextID = Int32(model.count)
        for element in try field.array() {
            let text = try element.required("content").string()
            let isSpecial = try element.optionalBool("special") ?? false
            let isNormalized = try element.optionalBool("normalized") ?? !isSpecial
            var token = AddedToken(
                id: -1, content: Array(text.utf8), text: text,
                isSpecial: isSpecial, isNormalized: isNormalized,
                stripsLeft: try element.optionalBool("lstrip") ?? false,
                stripsRight: try element.optionalBool("rstrip") ?? false,
                isSingleWord: try element.optionalBool("single_word") ?? false)
            if let id = try element.optional("id") { _ = try id.int() }
            guard !token.content.isEmpty else { continue }
            let key = ByteString(token.content)
            if token.isSpecial, !specialContents.contains(key) {
                specialContents.insert(key)
                special.append(token)
            }
            if let known = idOfContent[key] ?? model.id(of: token.content) {
                token.id = known
            } else {
                guard Int(nextID) < BPEModel.maximumID else { throw element.error("too many tokens") }
                token.id = nextID
                nextID += 1
            }
            if let i = special.lastIndex(where: { $0.content == token.content }) { special[i].id = token.id }
            idOfContent[key] = token.id
            tokenOfID[token.id] = token
            if !specialContents.contains(key) { plain.append(token) }
        }
        // Special tokens first, then the others: the order of HF's matcher patterns, which decides
        // between two tokens of the same text.
        let ordered = (special + plain).map { tokenOfID[$0.id] ?? $0 }
        tokens = ordered
        for token in ordered { contentOfID[token.id] = token.text }
        rawMatcher = TokenMatcher(patterns: ordered.filter { !$0.isNormalized }.map { ($0.content, $0) })
        normalizedMatcher = TokenMatcher(patterns: ordered.filter(\.isNormalized).map { token in
            (normalizer?.normalize(token.content) ?? token.content, token)
        })
    }

    func isSpecial(_ content: String) -> Bool { specialContents.contains(ByteString(content)) }

    /// A piece of the input after the added tokens are taken out: a token, or text for the model.
    enum Segment {
        case token(AddedToken, text: [UInt8])
        case text(TextPiece)
    }

    /// HF `find_matches`: the text cut around the matches of `matcher`, with lstrip/rstrip taking the
    /// whitespace next to a token and single_word refusing a match inside a word. Empty text pieces
    /// are left out.
    static func split(_ piece: TextPiece, with matcher: TokenMatcher) -> [Segment] {
        let text = piece.bytes
        guard !text.isEmpty, !matcher.isEmpty else { return text.isEmpty ? [] : [.text(piece)] }
        var segments: [Segment] = []
        var startOffset = 0
        for match in matcher.matches(in: text) {
            var start = match.range.lowerBound
            var stop = match.range.upperBound
            let token = match.token
            if token.isSingleWord {
                let startSpace = start == 0 || !UnicodeClasses.endsWithWordCharacter(text[..<start])
                let stopSpace = stop == text.count || !UnicodeClasses.startsWithWordCharacter(text[stop...])
                if !startSpace || !stopSpace { continue }
            }
            if token.stripsLeft {
                start = max(UnicodeClasses.startOfTrailingWhitespace(text[..<start]), startOffset)
            }
            if token.stripsRight {
                stop += UnicodeClasses.lengthOfLeadingWhitespace(text[stop...])
            }
            if startOffset < start {
                segments.append(.text(TextPiece(bytes: Array(text[startOffset..<start]), startsText: piece.startsText && startOffset == 0)))
            }
            let clampedStart = min(start, stop)
            segments.append(.token(token, text: Array(text[clampedStart..<stop])))
            startOffset = stop
        }
        if startOffset < text.count {
            segments.append(.text(TextPiece(bytes: Array(text[startOffset...]), startsText: piece.startsText && startOffset == 0)))
        }
        return segments
    }
}

/// Leftmost-longest matching of a few hundred token spellings: at each position, the candidates that
/// start with that byte are tried longest first; the earliest pattern wins between equal spellings.
struct TokenMatcher: Sendable {
    private var candidatesByFirstByte: [[(bytes: [UInt8], token: AddedToken)]]
    let isEmpty: Bool

    init(patterns: [([UInt8], AddedToken)]) {
        var table = [[(bytes: [UInt8], token: AddedToken)]](repeating: [], count: 256)
        for (bytes, token) in patterns where !bytes.isEmpty {
            table[Int(bytes[0])].append((bytes, token))
        }
        for i in 0..<256 {
            // Stable: longer first, file order among equal lengths.
            table[i] = table[i].enumerated().sorted {
                $0.element.bytes.count != $1.element.bytes.count ? $0.element.bytes.count > $1.element.bytes.count : $0.offset < $1.offset
            }.map(\.element)
        }
        candidatesByFirstByte = table
        isEmpty = patterns.allSatisfy { $0.0.isEmpty }
    }

    func matches(in text: [UInt8]) -> [(range: Range<Int>, token: AddedToken)] {
        var found: [(range: Range<Int>, token: AddedToken)] = []
        var i = 0
        let count = text.count
        while i < count {
            let candidates = candidatesByFirstByte[Int(text[i])]
            var matched = false
            for candidate in candidates where candidate.bytes.count <= count - i {
                var j = 1
                let bytes = candidate.bytes
                while j < bytes.count, text[i + j] == bytes[j] { j += 1 }
                if j == bytes.count {
                    found.append((i..<(i + bytes.count), candidate.token))
                    i += bytes.count
                    matched = true
                    break
                }
            }
            if !matched { i += 1 }
        }
        return found
    }
}
