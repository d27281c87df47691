/// The token embedding table [vocab, hidden]; also the LM head when the checkpoint ties them.
public struct Embedding: Sendable {
    public let table: Linear   // weight [vocab, hidden]: the same layout serves as a tied LM head

    init(_ store: WeightStore, _ name: String, vocab: Int, hidden: Int) throws(ModelError) {
        table = try Linear(store, name, in: hidden, out: vocab)
    }

    public var vocabSize: Int { table.outFeatures }
    public var width: Int { table.inFeatures }

    /// tokens -> [T, hidden]
    public func callAsFunction(_ tokens: [Int]) -> [Float] {
        var x = [Float](repeating: 0, count: tokens.count * width)
        for (t, token) in tokens.enumerated() {
            for i in 0..<width { x[t * width + i] = table.weight[token * width + i] }
        }
        return x
    }
}
