/// The `post_processor` of tokenizer.json. Only TemplateProcessing changes the ids (it adds the
/// template's special tokens when special tokens are asked for); ByteLevel only trims offsets, which
/// this tokenizer does not report.
indirect enum PostProcessor: Sendable {
    case template(single: [TemplatePart])
    case byteLevel
    case sequence([PostProcessor])

    enum TemplatePart: Sendable {
        case tokens(ids: [Int32], tokens: [String])
        case sequence
    }

    init(_ field: JSONField) throws(TokenizerError) {
        let type = try field.typeName()
        switch type {
        case "ByteLevel": self = .byteLevel
        case "Sequence":
            self = .sequence(try field.required("processors").array().map { (element) throws(TokenizerError) in try PostProcessor(element) })
        case "TemplateProcessing":
            let specialField = try field.required("special_tokens")
            var special: [ByteString: TemplatePart] = [:]
            for (key, value) in try specialField.entries() {
                let entry = JSONField(path: "\(specialField.path).\(key)", value: value)
                let ids = try entry.required("ids").array().map { (id) throws(TokenizerError) in Int32(try id.int(maximum: BPEModel.maximumID)) }
                let tokens = try entry.required("tokens").array().map { (token) throws(TokenizerError) in try token.string() }
                guard ids.count == tokens.count else { throw entry.error("ids and tokens differ in length") }
                special[ByteString(key)] = .tokens(ids: ids, tokens: tokens)
            }
            let singleField = try field.required("single")
            var parts: [TemplatePart] = []
            for part in try singleField.array() {
                if let token = try part.member("SpecialToken") {
                    let idField = try token.required("id")
                    let name = try idField.string()
                    guard let tokens = special[ByteString(name)] else {
                        throw idField.error("\(name.quotedForMessage) is not in \(specialField.path)")
                    }
                    parts.append(tokens)
                } else if let sequence = try part.member("Sequence") {
                    let idField = try sequence.required("id")
                    let name = try idField.string()
                    guard name == "A" || name == "B" else { throw idField.error("expected \"A\" or \"B\"") }
                    parts.append(.sequence)
                } else {
                    throw part.error("expected {\"SpecialToken\": ...} or {\"Sequence\": ...}")
                }
            }
            self = .template(single: parts)
        default:
            throw field.error("post-processor type \(type.quotedForMessage) is not supported (TemplateProcessing, ByteLevel, Sequence are)")
        }
    }

    func process(ids: [Int32], tokens: [String], addSpecialTokens: Bool) -> (ids: [Int32], tokens: [String]) {
        switch self {
        case .byteLevel:
            return (ids, tokens)
        case .sequence(let steps):
            return steps.reduce((ids, tokens)) { $1.process(ids: $0.ids, tokens: $0.tokens, addSpecialTokens: addSpecialTokens) }
        case .template(let parts):
            guard addSpecialTokens else { return (ids, tokens) }
            var outIDs: [Int32] = [], outTokens: [String] = []
            for part in parts {
                switch part {
                case .sequence: outIDs += ids; outTokens += tokens
                case .tokens(let specialIDs, let specialTokens): outIDs += specialIDs; outTokens += specialTokens
                }
            }
            return (outIDs, outTokens)
        }
    }
}
