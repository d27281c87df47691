import GatedDelta

/// What an attention layer carries from token to token: the keys (rotated) and values of the positions
/// a later query can still see. With a window W it is a ring buffer of W rows, position p in row
/// p % W, so it never grows past W; without one it grows with the sequence.
public struct AttentionCache: Sendable, Equatable {
    public let window: Int?
    /// KV heads x head size: one row.
    public let width: Int
    public private(set) var keys: [Float] = []
    public private(set) var values: [Float] = []
    /// Positions seen so far: the position of the next token.
    public private(set) var seen = 0

    public init(window: Int?, width: Int) {
        self.window = window
        self.width = width
    }

    /// Rows held.
    public var slots: Int { width == 0 ? 0 : keys.count / width }

    /// Where each held row sits in the sequence.
    public var positions: KeyPositions {
        if let window, seen > window { return .ring(first: seen - window, slots: window) }
        return .consecutive(first: seen - slots)
    }

    public var byteCount: Int { 4 * (keys.count + values.count) }

    /// Takes in the keys and values [rows, width] of positions seen..<seen + rows.
    mutating func append(keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>, rows: Int) {
        guard let window else {
            keys.append(contentsOf: UnsafeBufferPointer(start: k, count: rows * width))
            values.append(contentsOf: UnsafeBufferPointer(start: v, count: rows * width))
            seen += rows
            return
        }
        // Position p lives in row p % W; rows exist up to the W-th position seen. Only the last W
        // positions of a long run can matter, so the others are not written.
        let needed = min(window, seen + rows) * width
        if keys.count < needed {
            keys += [Float](repeating: 0, count: needed - keys.count)
            values += [Float](repeating: 0, count: needed - values.count)
        }
        keys.withUnsafeMutableBufferPointer { keys in values.withUnsafeMutableBufferPointer { values in
            for t in max(0, rows - window)..<rows {
                let row = (seen + t) % window
                (keys.baseAddress! + row * width).update(from: k + t * width, count: width)
                (values.baseAddress! + row * width).update(from: v + t * width, count: width)
            }
        }}
        seen += rows
    }
}
