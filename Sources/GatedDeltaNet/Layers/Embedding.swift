/// The token embedding table [vocab, hidden]; also the LM head when the checkpoint ties them.
public struct Embedding: Sendable {
    public let table: Linear   // weight [vocab, hidden]: the same layout serves as a tied LM head

    init(_ weights: ParameterLoader, vocab: Int, hidden: Int) throws(ModelError) {
        table = try Linear(weights, .embedding, in: hidden, out: vocab)
    }

    public var vocabSize: Int { table.outFeatures }
    public var width: Int { table.inFeatures }

    /// The rows of `tokens` into x [T, hidden]; the tokens are in the vocabulary (the model checks).
    func lookUp(_ tokens: some Collection<Int>, into x: UnsafeMutablePointer<Float>) {
        for (t, token) in tokens.enumerated() { table.row(token, into: x + t * width) }
    }
}
