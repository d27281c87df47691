/// The `model` of tokenizer.json: byte-pair encoding over a vocabulary and a ranked list of merges
/// (HF `models::bpe`). A word starts as one symbol per character and its adjacent pairs are merged,
/// lowest rank first, leftmost first among equal ranks, exactly as HF's priority queue does.
struct BPEModel: Sendable {
    /// The largest id accepted in a vocabulary, 4M: ids index arrays (the id-to-token table of a
    /// hostile file stays under 64 MB), and real vocabularies stay below 300k.
    static let maximumID = 1 << 22

    let vocabulary: [ByteString: Int32]
    /// The vocabulary string of each id, nil for ids the vocabulary skips.
    let tokenOfID: [String?]
    /// (left id, right id) → rank and the merged token's id.
    let merges: [UInt64: MergeResult]
    let unknownToken: [UInt8]?
    let fusesUnknown: Bool
    let fallsBackToBytes: Bool
    let ignoresMerges: Bool
    let continuingSubwordPrefix: [UInt8]?
    let endOfWordSuffix: [UInt8]?
    /// The id of `<0xXX>` for each byte, or -1.
    let byteTokenIDs: [Int32]
    /// The id of each one-character token below U+10000, or -1: the first symbols of most words.
    let characterIDs: [Int32]

    struct MergeResult: Sendable {
        let rank: UInt32
        let id: Int32
    }

    static func pairKey(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// Number of entries, HF's `get_vocab_size` (the first id given to an added token not in it).
    var count: Int { vocabulary.count }

    init(_ field: JSONField) throws(TokenizerError) {
        if let type = try field.optionalString("type"), type != "BPE" {
            throw field.error("model type \(type.quotedForMessage) is not supported (BPE is)")
        }
        // Vocabulary.
        let vocabField = try field.required("vocab")
        let entries = try vocabField.entries()
        var vocabulary: [ByteString: Int32] = [:]
        vocabulary.reserveCapacity(entries.count)
        var tokenOfID: [String?] = []
        tokenOfID.reserveCapacity(entries.count)
        for (key, value) in entries {
            guard case .number(let number) = value, number.rounded() == number, number >= 0, number < Double(Self.maximumID) else {
                throw vocabField.error("\(key.quotedForMessage): expected an id in 0..<\(Self.maximumID), found \(value.kindName)")
            }
            let id = Int(number)
            vocabulary[ByteString(key)] = Int32(id)
            if id >= tokenOfID.count { tokenOfID.append(contentsOf: repeatElement(nil, count: id + 1 - tokenOfID.count)) }
            if tokenOfID[id] == nil { tokenOfID[id] = key }
        }
        self.vocabulary = vocabulary
        self.tokenOfID = tokenOfID

        func nonEmpty(_ key: String) throws(TokenizerError) -> [UInt8]? {
            guard let text = try field.optionalString(key), !text.isEmpty else { return nil }
            return Array(text.utf8)
        }
        unknownToken = try field.optionalString("unk_token").map { Array($0.utf8) }
        continuingSubwordPrefix = try nonEmpty("continuing_subword_prefix")
        endOfWordSuffix = try nonEmpty("end_of_word_suffix")
        fusesUnknown = try field.optionalBool("fuse_unk") ?? false
        fallsBackToBytes = try field.optionalBool("byte_fallback") ?? false
        ignoresMerges = try field.optionalBool("ignore_merges") ?? false
        if let dropout = try field.optional("dropout") {
            guard case .number(let p) = dropout.value, (0...1).contains(p) else { throw dropout.error("expected a number in 0...1") }
        }

        // Merges: "left right" strings (2023 files) or ["left", "right"] pairs. Later duplicates win,
        // as they do in HF's map.
        let mergesField = try field.required("merges")
        guard case .array(let mergeValues) = mergesField.value else { throw mergesField.expected("an array") }
        var merges: [UInt64: MergeResult] = [:]
        merges.reserveCapacity(mergeValues.count)
        let prefixLength = continuingSubwordPrefix?.count ?? 0
        let pairsAsStrings = mergeValues.first.map { if case .string = $0 { true } else { false } } ?? false
        for (rank, value) in mergeValues.enumerated() {
            // Split on the space byte: splitting the String would split by grapheme, and a space
            // followed by a combining mark is one grapheme ("▁ह ै").
            let left: [UInt8], right: [UInt8]
            let element = { JSONField(path: "\(mergesField.path)[\(rank)]", value: value) }
            switch value {
            case .string(let line) where pairsAsStrings:
                let parts = line.utf8.split(separator: 0x20, omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw element().error("expected \"left right\" with one space, found \(line.quotedForMessage)") }
                (left, right) = (Array(parts[0]), Array(parts[1]))
            case .array(let pair) where !pairsAsStrings:
                guard pair.count == 2, case .string(let a) = pair[0], case .string(let b) = pair[1] else {
                    throw element().error("expected a pair of strings")
                }
                (left, right) = (Array(a.utf8), Array(b.utf8))
            default:
                throw element().error(pairsAsStrings ? "expected a \"left right\" string like the merges before it"
                                                     : "expected a pair of strings like the merges before it")
            }
            guard let leftID = vocabulary[ByteString(left)] else {
                throw element().error("\(ByteString(left).string.quotedForMessage) is not in model.vocab")
            }
            guard let rightID = vocabulary[ByteString(right)] else {
                throw element().error("\(ByteString(right).string.quotedForMessage) is not in model.vocab")
            }
            guard right.count >= prefixLength else {
                throw element().error("\(ByteString(right).string.quotedForMessage) is shorter than continuing_subword_prefix")
            }
            let merged = ByteString(left + right[prefixLength...])
            guard let mergedID = vocabulary[merged] else {
                throw element().error("the merged token \(merged.string.quotedForMessage) is not in model.vocab")
            }
            merges[Self.pairKey(leftID, rightID)] = MergeResult(rank: UInt32(rank), id: mergedID)
        }
        self.merges = merges

        var byteTokenIDs = [Int32](repeating: -1, count: 256)
        var characterIDs = [Int32](repeating: -1, count: 0x10000)
        for (key, id) in vocabulary {
            let bytes = key.bytes
            if bytes.count == 6, bytes.starts(with: Array("<0x".utf8)), bytes[5] == UInt8(ascii: ">"),
               let byte = UInt8(String(decoding: bytes[3..<5], as: UTF8.self), radix: 16),
               String(decoding: bytes, as: UTF8.self) == Self.byteTokenName(byte) {
                byteTokenIDs[Int(byte)] = id
            }
            if bytes.count <= 3, let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first,
               scalar.value < 0x10000, Array(String(scalar).utf8) == bytes {
                characterIDs[Int(scalar.value)] = id
            }
        }
        self.byteTokenIDs = byteTokenIDs
        self.characterIDs = characterIDs
    }

    /// `<0x0A>`: Rust's `format!("<{b:#04X}>")`.
    static func byteTokenName(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "<0x" + (hex.count == 1 ? "0" + hex : hex) + ">"
    }

    func id(of token: [UInt8]) -> Int32? { vocabulary[ByteString(token)] }

    func token(for id: Int) -> String? {
        id >= 0 && id < tokenOfID.count ? tokenOfID[id] : nil
    }

    /// The ids of one word (a pre-token), appended to `ids`.
    func tokenize(_ word: [UInt8], into ids: inout [Int32], workspace: inout MergeWorkspace) {
        if word.isEmpty { return }
        if ignoresMerges, let id = vocabulary[ByteString(word)] {
            ids.append(id)
            return
        }
        workspace.symbols.removeAll(keepingCapacity: true)
        initialSymbols(of: word, into: &workspace.symbols)
        workspace.mergeAll(merges)
        workspace.appendResult(to: &ids)
    }

    /// One symbol per character (HF `merge_word`): the character's token, with the continuing prefix
    /// after the first and the end-of-word suffix on the last; else its `<0xXX>` tokens with byte
    /// fallback; else the unknown token, runs of which fuse into one with `fuse_unk`.
    private func initialSymbols(of word: [UInt8], into symbols: inout [Int32]) {
        let unknownID = unknownToken.flatMap { vocabulary[ByteString($0)] }
        var pendingUnknown = false
        var i = 0
        let count = word.count
        while i < count {
            let lead = word[i]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            let end = min(i + length, count)
            let isFirst = i == 0, isLast = end == count
            var id: Int32 = -1
            var spelled: [UInt8]? = nil
            if (isFirst || continuingSubwordPrefix == nil) && (!isLast || endOfWordSuffix == nil) && length < 4 && end - i == length {
                var value = UInt32(lead)
                if length == 2 { value = UInt32(lead & 0x1F) << 6 | UInt32(word[i + 1] & 0x3F) }
                if length == 3 { value = UInt32(lead & 0x0F) << 12 | UInt32(word[i + 1] & 0x3F) << 6 | UInt32(word[i + 2] & 0x3F) }
                id = characterIDs[Int(value)]
            } else {
                var piece: [UInt8] = []
                if !isFirst, let prefix = continuingSubwordPrefix { piece += prefix }
                piece += word[i..<end]
                if isLast, let suffix = endOfWordSuffix { piece += suffix }
                id = vocabulary[ByteString(piece)] ?? -1
                spelled = piece
            }
            if id >= 0 {
                if pendingUnknown, let unknownID { symbols.append(unknownID) }
                pendingUnknown = false
                symbols.append(id)
            } else {
                // Byte fallback spells the whole piece, prefix and suffix included, as HF does.
                let piece = spelled ?? Array(word[i..<end])
                if fallsBackToBytes, piece.allSatisfy({ byteTokenIDs[Int($0)] >= 0 }) {
                    if pendingUnknown, let unknownID { symbols.append(unknownID) }
                    pendingUnknown = false
                    for byte in piece { symbols.append(byteTokenIDs[Int(byte)]) }
                } else if let unknownID {
                    if pendingUnknown && !fusesUnknown { symbols.append(unknownID) }
                    pendingUnknown = true
                }
            }
            i = end
        }
        if pendingUnknown, let unknownID { symbols.append(unknownID) }
    }
}

/// The scratch arrays of one word's merges, reused from word to word.
struct MergeWorkspace {
    var symbols: [Int32] = []
    private var previous: [Int32] = []
    private var next: [Int32] = []
    private var alive: [Bool] = []
    private var queue = MergeQueue()

    /// HF `Word::merge_all` without dropout: a min-queue of (rank, position); an entry whose pair has
    /// changed since it was queued is dropped when it comes up.
    mutating func mergeAll(_ merges: [UInt64: BPEModel.MergeResult]) {
        let count = symbols.count
        guard count > 1 else { return }
        previous.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        alive.removeAll(keepingCapacity: true)
        queue.removeAll()
        for i in 0..<count {
            previous.append(Int32(i - 1))
            next.append(i + 1 < count ? Int32(i + 1) : -1)
            alive.append(true)
        }
        for i in 0..<(count - 1) {
            if let merge = merges[BPEModel.pairKey(symbols[i], symbols[i + 1])] {
                queue.push(rank: merge.rank, position: Int32(i), id: merge.id)
            }
        }
        while let top = queue.pop() {
            let position = Int(top.position)
            guard alive[position], next[position] >= 0 else { continue }
            let right = Int(next[position])
            guard let current = merges[BPEModel.pairKey(symbols[position], symbols[right])], current.id == top.id else { continue }
            symbols[position] = top.id
            next[position] = next[right]
            alive[right] = false
            if next[right] >= 0 { previous[Int(next[right])] = Int32(position) }
            if previous[position] >= 0 {
                let left = Int(previous[position])
                if let merge = merges[BPEModel.pairKey(symbols[left], symbols[position])] {
                    queue.push(rank: merge.rank, position: Int32(left), id: merge.id)
                }
            }
            if next[position] >= 0 {
                if let merge = merges[BPEModel.pairKey(symbols[position], symbols[Int(next[position])])] {
                    queue.push(rank: merge.rank, position: Int32(position), id: merge.id)
                }
            }
        }
        var write = 0
        var i = 0
        while i >= 0 && i < count {
            symbols[write] = symbols[i]
            write += 1
            i = Int(next[i])
        }
        symbols.removeLast(count - write)
    }

    func appendResult(to ids: inout [Int32]) { ids.append(contentsOf: symbols) }
}

/// A binary min-heap of pending merges ordered by rank, then position.
struct MergeQueue {
    struct Entry { var key: UInt64; var id: Int32 }
    private var heap: [Entry] = []

    mutating func removeAll() { heap.removeAll(keepingCapacity: true) }

    mutating func push(rank: UInt32, position: Int32, id: Int32) {
        heap.append(Entry(key: UInt64(rank) << 32 | UInt64(UInt32(bitPattern: position)), id: id))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].key < heap[parent].key else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (position: Int32, id: Int32)? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            let count = heap.count
            while true {
                let left = 2 * parent + 1
                guard left < count else { break }
                let right = left + 1
                let smaller = right < count && heap[right].key < heap[left].key ? right : left
                guard heap[smaller].key < heap[parent].key else { break }
                heap.swapAt(smaller, parent)
                parent = smaller
            }
        }
        return (Int32(truncatingIfNeeded: first.key & 0xFFFF_FFFF), first.id)
    }
}
