/// A (row, column) entry of a matrix, e.g. (k, v) of the memory state.
public struct MatrixPosition: Hashable, Sendable {
    public var row: Int
    public var column: Int
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Clamped into a rows x columns matrix.
    public func clamped(rows: Int, columns: Int) -> MatrixPosition {
        MatrixPosition(row: min(max(row, 0), max(rows - 1, 0)),
                       column: min(max(column, 0), max(columns - 1, 0)))
    }
}
