import GatedDeltaNet

/// What an attention layer's selected head did at the cursor, as plain values: its softmax weights
/// over the keys it saw (the window's positions `windowStart...position`), the most attended tokens
/// with their pieces, and the norm of its read-out |o_h|. A frame's snapshot holds the weights of the
/// tokens it holds (`weights` from `firstKey`); an export's holds every key the head saw.
public struct AttentionFrame: Hashable, Sendable {
    /// One attended key: its position j (0-based), its piece and its weight.
    public struct Key: Hashable, Sendable {
        public var position: Int
        public var piece: String
        public var weight: Float

        public init(position: Int, piece: String, weight: Float) {
            self.position = position
            self.piece = piece
            self.weight = weight
        }
    }

    public var head: Int
    /// The query's step t, 0-based.
    public var position: Int
    /// W keys, the query's own included; nil: full causal.
    public var window: Int?
    /// The oldest key the query sees; everything before it has left the window.
    public var windowStart: Int
    /// Weights of positions firstKey..<firstKey + weights.count, a part of windowStart...position.
    public var firstKey: Int
    public var weights: [Float]
    /// The most attended keys, most first.
    public var ranked: [Key]
    /// |o_h|, the norm of the head's read-out.
    public var outputNorm: Float

    public init(head: Int, position: Int, window: Int?, windowStart: Int, firstKey: Int, weights: [Float],
                ranked: [Key], outputNorm: Float) {
        self.head = head
        self.position = position
        self.window = window
        self.windowStart = windowStart
        self.firstKey = firstKey
        self.weights = weights
        self.ranked = ranked
        self.outputNorm = outputNorm
    }

    /// Head `head` of `step`, its weights kept for the keys in `shown`, its `rankedCount` most attended
    /// keys named by `piece(j)`. One pass over the keys (no sort of a long full-attention row).
    public init(_ step: AttentionStep, head: Int, shown: Range<Int>, rankedCount: Int, piece: (Int) -> String) {
        let start = step.windowStart, seen = step.position - start + 1
        var row = [Float](repeating: 0, count: max(seen, 0))
        let n = step.keyPositions.count
        for (column, j) in step.keyPositions.enumerated() where j >= start && j <= step.position {
            row[j - start] = step.weights[head * n + column]
        }
        let kept = (start..<step.position + 1).clamped(to: shown)
        self.init(head: head, position: step.position, window: step.window, windowStart: start,
                  firstKey: kept.lowerBound, weights: Array(row[kept.lowerBound - start..<kept.upperBound - start]),
                  ranked: TopTokens.largest(row, count: rankedCount).filter { $0.value > 0 }.map {
                      Key(position: start + $0.index, piece: piece(start + $0.index), weight: $0.value)
                  },
                  outputNorm: step.outputNorms[head])
    }

    /// How many keys the query saw.
    public var keyCount: Int { position - windowStart + 1 }

    /// The positions whose weights the frame holds.
    public var keyRange: Range<Int> { firstKey..<firstKey + weights.count }

    /// The weight on key j when the frame holds it (0 for a key the query did not see).
    public func weight(at j: Int) -> Float? {
        keyRange.contains(j) ? weights[j - firstKey] : (j >= windowStart && j <= position ? nil : 0)
    }

    /// The largest weight held, for scaling bars.
    public var maxWeight: Float { weights.max() ?? 0 }
}
