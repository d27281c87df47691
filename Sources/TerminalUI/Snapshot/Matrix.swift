/// A dense row-major matrix of Float: the memory state S (K x V) or one part of an update.
public struct Matrix: Hashable, Sendable {
    public let rows: Int
    public let columns: Int
    public private(set) var values: [Float]

    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(rows >= 0 && columns >= 0 && values.count == rows * columns,
                     "Matrix \(rows)x\(columns) needs \(rows * columns) values, got \(values.count)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        self.init(rows: rows, columns: columns,
                  values: Array(repeating: value, count: rows * columns))
    }

    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public var isEmpty: Bool { rows == 0 || columns == 0 }

    /// Largest |x|, ignoring NaN; 0 for an empty matrix.
    public var maxAbs: Float {
        values.reduce(0) { $1.isNaN ? $0 : max($0, abs($1)) }
    }

    public var frobeniusNorm: Float {
        values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    public func transposed() -> Matrix {
        var out = Matrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { out[c, r] = self[r, c] }
        }
        return out
    }

    /// Pools blocks of rowFactor x columnFactor entries into one, keeping the entry of largest |x|
    /// (with its sign). Max-abs rather than mean because a single strong association is what a
    /// reader looks for in memory, and a mean of mixed signs would hide it. Edge blocks may be
    /// smaller when the factor does not divide the size.
    public func pooled(rowFactor: Int, columnFactor: Int) -> Matrix {
        let rf = max(1, rowFactor), cf = max(1, columnFactor)
        if rf == 1 && cf == 1 { return self }
        let outRows = (rows + rf - 1) / rf, outColumns = (columns + cf - 1) / cf
        var out = Matrix(rows: outRows, columns: outColumns)
        for r in 0..<outRows {
            for c in 0..<outColumns {
                var best: Float = 0
                for i in r * rf..<min((r + 1) * rf, rows) {
                    for j in c * cf..<min((c + 1) * cf, columns) {
                        let v = self[i, j]
                        if abs(v) > abs(best) || v.isNaN { best = v }
                    }
                }
                out[r, c] = best
            }
        }
        return out
    }
}
