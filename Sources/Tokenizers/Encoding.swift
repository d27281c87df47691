/// What `encode` returns: the ids and, for each, its token string: the vocabulary string of a model
/// token (`Ġworld`, `▁the`, `<0xE4>`), or the text an added token matched (with the whitespace an
/// lstrip or rstrip token took).
public struct Encoding: Sendable, Equatable {
    public var ids: [Int]
    public var tokens: [String]

    public init(ids: [Int], tokens: [String]) {
        self.ids = ids
        self.tokens = tokens
    }

    public static func == (a: Encoding, b: Encoding) -> Bool {
        a.ids == b.ids && a.tokens.count == b.tokens.count
            && zip(a.tokens, b.tokens).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }
}
