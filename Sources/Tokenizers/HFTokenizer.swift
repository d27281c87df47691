import Foundation

/// A Hugging Face `tokenizer.json` with a BPE model, encoding and decoding as HF `tokenizers` 0.22 does:
/// added tokens are taken out of the raw text first, each remaining piece is normalized, cut by the
/// pre-tokenizer into words, and each word is merged by the model; the post-processor adds the
/// template's special tokens.
public struct HFTokenizer: Sendable {
    let model: BPEModel
    let addedVocabulary: AddedVocabulary
    let normalizer: Normalizer?
    let preTokenizer: PreTokenizer?
    let postProcessor: PostProcessor?
    let decoder: Decoder?

    /// One more than the largest id of the vocabulary and the added tokens.
    public let vocabularySize: Int

    /// Reads a tokenizer.json file; errors name the file and the field.
    public init(contentsOf url: URL) throws(TokenizerError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizerError("\(url.path): cannot read the file")
        }
        do { try self.init(json: data) } catch { throw error.inFile(url.lastPathComponent) }
    }

    public init(json data: Data) throws(TokenizerError) {
        let root = JSONField(path: "", value: try JSONReader.parse(data))
        guard case .object = root.value else { throw TokenizerError("expected a JSON object at the top level, found \(root.value.kindName)") }
        let model = try BPEModel(root.required("model"))
        let normalizer = try root.optional("normalizer").map { (field) throws(TokenizerError) in try Normalizer(field) }
        self.model = model
        self.normalizer = normalizer
        preTokenizer = try root.optional("pre_tokenizer").map { (field) throws(TokenizerError) in try PreTokenizer(field) }
        postProcessor = try root.optional("post_processor").map { (field) throws(TokenizerError) in try PostProcessor(field) }
        decoder = try root.optional("decoder").map { (field) throws(TokenizerError) in try Decoder(field) }
        addedVocabulary = try AddedVocabulary(root.optional("added_tokens"), model: model, normalizer: normalizer)
        vocabularySize = max(model.tokenOfID.count, (addedVocabulary.tokens.map { Int($0.id) }.max() ?? -1) + 1)
    }

    // MARK: Encoding

    public func encode(_ text: String, addSpecialTokens: Bool = true) -> Encoding {
        var ids: [Int32] = []
        var tokens: [String] = []
        var workspace = MergeWorkspace()
        var cache: [ByteString: [Int32]] = [:]

        func addWord(_ word: [UInt8]) {
            let start = ids.count
            if let cached = cache[ByteString(word)] {
                ids += cached
            } else {
                model.tokenize(word, into: &ids, workspace: &workspace)
                if word.count < 256 { cache[ByteString(word)] = Array(ids[start...]) }
            }
            for id in ids[start...] { tokens.append(model.token(for: Int(id)) ?? "") }
        }

        let whole = TextPiece(bytes: Array(text.utf8), startsText: true)
        for segment in AddedVocabulary.split(whole, with: addedVocabulary.rawMatcher) {
            switch segment {
            case .token(let token, let matched):
                ids.append(token.id)
                tokens.append(String(decoding: matched, as: UTF8.self))
            case .text(let piece):
                let normalized = TextPiece(bytes: normalizer?.normalize(piece.bytes) ?? piece.bytes, startsText: piece.startsText)
                for inner in AddedVocabulary.split(normalized, with: addedVocabulary.normalizedMatcher) {
                    switch inner {
                    case .token(let token, let matched):
                        ids.append(token.id)
                        tokens.append(String(decoding: matched, as: UTF8.self))
                    case .text(let textPiece):
                        let words = preTokenizer?.preTokenize([textPiece]) ?? [textPiece]
                        for word in words where !word.bytes.isEmpty { addWord(word.bytes) }
                    }
                }
            }
        }
        if let postProcessor {
            (ids, tokens) = postProcessor.process(ids: ids, tokens: tokens, addSpecialTokens: addSpecialTokens)
        }
        return Encoding(ids: ids.map(Int.init), tokens: tokens)
    }

    // MARK: Decoding

    /// The text of some ids (HF `decode`): ids with no token are skipped, and with
    /// `skipSpecialTokens` so are tokens whose text is that of a special added token.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool = false) -> String {
        var tokens: [[UInt8]] = []
        tokens.reserveCapacity(ids.count)
        for id in ids {
            guard let token = token(for: id) else { continue }
            if skipSpecialTokens && addedVocabulary.isSpecial(token) { continue }
            tokens.append(Array(token.utf8))
        }
        guard let decoder else {
            return tokens.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
        }
        return String(decoding: decoder.decodeChain(tokens).joined(), as: UTF8.self)
    }

    /// The raw bytes an id stands for in running text (`Decoder.tokenBytes`): `Ġthe` is " the",
    /// `▁the` is " the", `<0xE4>` the byte 0xE4; an added token its content. Empty for an unknown id.
    public func bytes(of id: Int) -> [UInt8] {
        guard let token = token(for: id) else { return [] }
        if addedVocabulary.contentOfID[Int32(id)] != nil { return Array(token.utf8) }
        return decoder?.tokenBytes(Array(token.utf8)) ?? Array(token.utf8)
    }

    /// The token string of an id: an added token's content, else the vocabulary string.
    public func token(for id: Int) -> String? {
        guard id >= 0, id <= Int(Int32.max) else { return nil }
        return addedVocabulary.contentOfID[Int32(id)] ?? model.token(for: id)
    }

    /// The id of a token string, added tokens first.
    public func id(for token: String) -> Int? {
        let bytes = Array(token.utf8)
        if let added = addedVocabulary.tokens.first(where: { $0.content == bytes }) { return Int(added.id) }
        return model.id(of: bytes).map(Int.init)
    }

    /// Whether the id's token is special (skipped by `decode(_:skipSpecialTokens: true)`).
    public func isSpecial(_ id: Int) -> Bool {
        token(for: id).map(addedVocabulary.isSpecial) ?? false
    }

    /// The first special token of the post-processor's template (`<s>`, `<|begin_of_text|>`), if any.
    public var bosTokenID: Int? {
        func first(_ processor: PostProcessor) -> Int? {
            switch processor {
            case .byteLevel: return nil
            case .sequence(let steps): return steps.lazy.compactMap(first).first
            case .template(let parts):
                guard case .tokens(let ids, _)? = parts.first, let id = ids.first else { return nil }
                return Int(id)
            }
        }
        return postProcessor.flatMap(first)
    }

    /// The end-of-sequence token when the file has one of the usual spellings.
    public var eosTokenID: Int? {
        for name in ["</s>", "<|endoftext|>", "<|end_of_text|>", "<|im_end|>", "<|eot_id|>"] {
            if let added = addedVocabulary.tokens.first(where: { $0.text.utf8.elementsEqual(name.utf8) }) { return Int(added.id) }
        }
        return nil
    }
}
