import Foundation

/// A model's score on an `EvaluationData`: the figures `gdn-tui eval` prints and the training
/// scripts' evaluate.py computes with fla on the same files (Samples/training).
public struct Evaluation: Sendable, Equatable, Encodable {
    public enum Format: String, Sendable, Encodable { case text, recall }

    public let format: Format
    /// text: bytes in the file, its tokens, tokens predicted (all but the first),
    /// bits per token = -sum_{t=1}^{N-1} log2 p(x_t | x_<t) / (N - 1), and bits per byte: the same
    /// bits over the text's bytes those tokens cover (for a byte-level model the two are equal).
    public var bytes: Int? = nil
    public var tokens: Int? = nil
    public var predicted: Int? = nil
    public var bitsPerToken: Double? = nil
    public var bitsPerByte: Double? = nil
    /// recall: episodes, queries, queries answered, accuracy = answered / queries.
    public var lines: Int? = nil
    public var queries: Int? = nil
    public var answered: Int? = nil
    public var accuracy: Double? = nil

    enum CodingKeys: String, CodingKey {
        case format, bytes, tokens, predicted, lines, queries, answered, accuracy
        case bitsPerToken = "bits_per_token"
        case bitsPerByte = "bits_per_byte"
    }
}

extension GatedDeltaNetModel {
    /// Scores `data`. Text is fed in segments of `segment` tokens with the cache carried across, which
    /// is the one-sequence forward pass in bounded memory. A recall query counts as answered when, under
    /// teacher forcing, the most likely next byte at its `>` and at each answer byte but the last is the
    /// answer's next byte (the first index wins a tie, like argmax).
    public func evaluate(_ data: EvaluationData, segment: Int = 4096) throws(ModelError) -> Evaluation {
        switch data {
        case .text(let bytes):
            // With the BOS a subword tokenizer asks for first, every token of the text is predicted.
            let tokens = tokenizer.prefix + tokenizer.encode(bytes: bytes)
            guard tokens.count >= 2 else { throw ModelError("a text needs at least 2 tokens to score (one predicted)") }
            var cache = emptyCache()
            var bits = 0.0
            var start = 0
            while start < tokens.count - 1 {
                let end = min(start + segment, tokens.count - 1)
                let logits = try forward(Array(tokens[start..<end]), cache: &cache, form: .chunked)
                for t in start..<end {
                    bits += negativeLogLikelihood(logits, row: t - start, target: tokens[t + 1]) / log(2.0)
                }
                start = end
            }
            let predicted = tokens.count - 1
            // The text's bytes that were predicted: all of them after a BOS, else all but the first token's.
            let predictedBytes = tokenizer.prefix.isEmpty ? bytes.count - tokenizer.bytes(of: tokens[0]).count : bytes.count
            return Evaluation(format: .text, bytes: bytes.count, tokens: tokens.count, predicted: predicted,
                              bitsPerToken: bits / Double(predicted), bitsPerByte: bits / Double(max(predictedBytes, 1)))
        case .recall(let episodes):
            var queries = 0, answered = 0
            for episode in episodes where !episode.queries.isEmpty {
                var cache = emptyCache()
                let logits = try forward(episode.bytes.map(Int.init), cache: &cache, form: .chunked)
                for query in episode.queries {
                    queries += 1
                    let right = query.answer.indices.allSatisfy { j in
                        let row = (query.marker + j) * config.vocabSize
                        return Sampler.argmax(Array(logits[row..<row + config.vocabSize])) == Int(query.answer[j])
                    }
                    if right { answered += 1 }
                }
            }
            return Evaluation(format: .recall, lines: episodes.count, queries: queries, answered: answered,
                              accuracy: queries == 0 ? 0 : Double(answered) / Double(queries))
        }
    }

    /// -ln softmax(row)[target], in Double: log-sum-exp shifted by the row's maximum.
    func negativeLogLikelihood(_ logits: [Float], row: Int, target: Int) -> Double {
        let v = config.vocabSize
        let values = logits[row * v..<(row + 1) * v]
        let top = Double(values.max()!)
        let sum = values.reduce(0.0) { $0 + exp(Double($1) - top) }
        return top + log(sum) - Double(logits[row * v + target])
    }
}
