import Foundation

/// Causal softmax attention of a run of queries over keys whose positions are known, optionally inside
/// a sliding window: query at position p sees key positions j with j <= p and, with window W,
/// j >= p - W + 1 (W keys, its own included). Grouped heads: query head h reads key/value head
/// h / (H / KV).
///
///     o_h(p) = sum_j softmax_j(scale q_h(p) . k_j) v_j        over the visible j
///
/// Scores and weighted sums are GEMMs (OpenBLAS) over blocks of 64 queries; the keys come in up to a
/// few blocks (a cache and the new rows) so a ring buffer is read where it lies, in any order:
/// the sum over keys does not depend on their order.
public enum SoftmaxAttention {
    /// Sizes of one call.
    public struct Shape: Sendable, Hashable {
        public var queryHeads: Int
        public var keyValueHeads: Int
        public var headDim: Int
        /// nil: full causal.
        public var window: Int?

        public init(queryHeads: Int, keyValueHeads: Int, headDim: Int, window: Int?) {
            self.queryHeads = queryHeads
            self.keyValueHeads = keyValueHeads
            self.headDim = headDim
            self.window = window
        }

        public var queryWidth: Int { queryHeads * headDim }
        public var keyWidth: Int { keyValueHeads * headDim }

        /// Whether a query at position p sees the key at position j.
        @inline(__always)
        public func sees(query p: Int, key j: Int) -> Bool { j <= p && (window.map { j > p - $0 } ?? true) }
    }

    /// Keys and values [count, KV * d] and how a row maps to its position.
    public struct KeyBlock {
        public let keys: UnsafePointer<Float>
        public let values: UnsafePointer<Float>
        public let count: Int
        public let positions: KeyPositions

        public init(keys: UnsafePointer<Float>, values: UnsafePointer<Float>, count: Int, positions: KeyPositions) {
            self.keys = keys
            self.values = values
            self.count = count
            self.positions = positions
        }
    }

    /// The queries [T, H * d] at positions first..<first + T over `blocks`, into output [T, H * d].
    /// `lastRowWeights`, when given, receives the attention weights of the last query [H, total keys]
    /// in block order (what the screen shows for a step).
    public static func attend(queries q: UnsafePointer<Float>, rows T: Int, firstPosition first: Int,
                              blocks: [KeyBlock], shape: Shape, scale: Float, output o: UnsafeMutablePointer<Float>,
                              lastRowWeights: UnsafeMutablePointer<Float>? = nil) {
        let total = blocks.reduce(0) { $0 + $1.count }
        guard T > 0, total > 0 else { return }
        let (d, group) = (shape.headDim, shape.queryHeads / shape.keyValueHeads)
        // One token: the `group` query heads that share a key/value head are the rows of one GEMM
        // (contiguous in q), so the cached keys and values are read once per key/value head rather
        // than once per query head. Several tokens: blocks of 64 rows of one head.
        let blockRows = T == 1 ? group : min(T, 64)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: blockRows * total) { scratch in
            let scores = scratch.baseAddress!
            func attend(rows: Int, queries: UnsafePointer<Float>, lda: Int, position: (Int) -> Int, kv: Int,
                        outputs: UnsafeMutablePointer<Float>, ldc: Int) {
                var column = 0
                for block in blocks {
                    BLAS.gemm(rows, block.count, d, queries, lda: lda, block.keys + kv * d, ldb: shape.keyWidth,
                              transposeB: true, scores + column, ldc: total, alpha: scale)
                    column += block.count
                }
                for i in 0..<rows {
                    let p = position(i), row = scores + i * total
                    var column = 0, top = -Float.infinity
                    for block in blocks {
                        for j in 0..<block.count {
                            if !shape.sees(query: p, key: block.positions[j]) { row[column + j] = -.infinity }
                            top = max(top, row[column + j])
                        }
                        column += block.count
                    }
                    var sum: Float = 0
                    for j in 0..<total {
                        let e = row[j] == -.infinity ? 0 : Foundation.exp(row[j] - top)
                        row[j] = e
                        sum += e
                    }
                    let inverse = 1 / sum
                    for j in 0..<total { row[j] *= inverse }
                }
                column = 0
                for (b, block) in blocks.enumerated() {
                    BLAS.gemm(rows, d, block.count, scores + column, lda: total, block.values + kv * d, ldb: shape.keyWidth,
                              outputs, ldc: ldc, beta: b == 0 ? 0 : 1)
                    column += block.count
                }
            }
            if T == 1 {
                for kv in 0..<shape.keyValueHeads {
                    let h0 = kv * group
                    attend(rows: group, queries: q + h0 * d, lda: d, position: { _ in first }, kv: kv,
                           outputs: o + h0 * d, ldc: d)
                    lastRowWeights.map { ($0 + h0 * total).update(from: scores, count: group * total) }
                }
                return
            }
            for h in 0..<shape.queryHeads {
                for r0 in stride(from: 0, to: T, by: blockRows) {
                    let rows = min(blockRows, T - r0)
                    attend(rows: rows, queries: q + r0 * shape.queryWidth + h * d, lda: shape.queryWidth,
                           position: { first + r0 + $0 }, kv: h / group, outputs: o + r0 * shape.queryWidth + h * d,
                           ldc: shape.queryWidth)
                    if let lastRowWeights, r0 + rows == T {
                        (lastRowWeights + h * total).update(from: scores + (rows - 1) * total, count: total)
                    }
                }
            }
        }
    }
}

/// Where the keys of a block sit in the sequence.
public enum KeyPositions: Sendable, Hashable {
    /// Row j is position first + j.
    case consecutive(first: Int)
    /// A ring buffer of `slots` rows holding the positions first..<first + slots, position p in row
    /// p % slots.
    case ring(first: Int, slots: Int)

    @inline(__always)
    public subscript(row: Int) -> Int {
        switch self {
        case .consecutive(let first): return first + row
        case .ring(let first, let slots):
            // The row of `first` is first % slots; rows after it hold the following positions.
            return first + (row - first % slots + slots) % slots
        }
    }
}
