/// One line of a recall data file: writes `key=value` and queries `?key>answer`, separated by single
/// spaces, keys lowercase letters, values and answers lowercase letters or digits:
///
///     b=4 q=1 b=7 ?b>7 x=0 q=3 ?q>3
///
/// The answer of a query is the latest value written to its key (Samples/training/corpora.py makes
/// such files); scoring only needs where each answer sits, which this type records.
public struct RecallEpisode: Sendable, Equatable {
    /// A query: the index of its `>` byte in the line and the answer bytes after it.
    public struct Query: Sendable, Equatable {
        public let marker: Int
        public let answer: [UInt8]
    }

    public let bytes: [UInt8]
    public let queries: [Query]

    /// Parses one line (without its newline); nil when the line is not in the recall grammar.
    public init?(line: [UInt8]) {
        guard !line.isEmpty else { return nil }
        var queries: [Query] = []
        var start = 0
        for token in line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false) {
            let t = Array(token)
            if t.first == UInt8(ascii: "?") {
                guard let gt = t.firstIndex(of: UInt8(ascii: ">")), gt >= 2,
                      t[1..<gt].allSatisfy(Self.isKeyByte), gt + 1 < t.count, t[(gt + 1)...].allSatisfy(Self.isValueByte)
                else { return nil }
                queries.append(Query(marker: start + gt, answer: Array(t[(gt + 1)...])))
            } else {
                guard let eq = t.firstIndex(of: UInt8(ascii: "=")), eq >= 1,
                      t[..<eq].allSatisfy(Self.isKeyByte), eq + 1 < t.count, t[(eq + 1)...].allSatisfy(Self.isValueByte)
                else { return nil }
            }
            start += t.count + 1
        }
        bytes = line
        self.queries = queries
    }

    static func isKeyByte(_ b: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) }
    static func isValueByte(_ b: UInt8) -> Bool { isKeyByte(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
}
