/// Where the entries of a matrix land in a rectangle: orientation, pooling, zoom and half-cells.
/// Drawing and mouse hit-testing both use it, so a click selects exactly the entry drawn there.
///
/// Vocabulary: a *pixel* is one drawn entry slot. With colour and Unicode a cell holds two pixels
/// stacked (upper half block '▀': foreground = upper pixel, background = lower pixel); otherwise a
/// cell is one pixel.
public struct HeatmapGeometry: Hashable, Sendable {
    public let matrixRows: Int
    public let matrixColumns: Int
    /// True when matrix rows run across the screen (chosen when that needs less pooling).
    public let isTransposed: Bool
    /// Matrix entries per pixel along display rows / columns (1 = no pooling).
    public let rowFactor: Int
    public let columnFactor: Int
    /// Pixels per pooled entry along display rows / columns (1 = no zoom).
    public let rowZoom: Int
    public let columnZoom: Int
    public let pixelsPerCell: Int
    /// The cells the matrix covers (top left aligned in the area it was given).
    public let frame: Rect

    /// Rows and columns of the matrix as displayed (after transposition and pooling).
    public var displayRows: Int { (displayedMatrixRows + rowFactor - 1) / rowFactor }
    public var displayColumns: Int { (displayedMatrixColumns + columnFactor - 1) / columnFactor }
    var displayedMatrixRows: Int { isTransposed ? matrixColumns : matrixRows }
    var displayedMatrixColumns: Int { isTransposed ? matrixRows : matrixColumns }

    public var isPooled: Bool { rowFactor > 1 || columnFactor > 1 }

    /// e.g. "pooled 2x" or "pooled 2x4 (rows x cols)", nil when not pooled.
    public var poolingLabel: String? {
        guard isPooled else { return nil }
        return rowFactor == columnFactor ? "pooled \(rowFactor)x" : "pooled \(rowFactor)x\(columnFactor)"
    }

    public init?(rows: Int, columns: Int, area: Rect, pixelsPerCell: Int) {
        guard rows > 0, columns > 0, area.width > 0, area.height > 0 else { return nil }
        matrixRows = rows
        matrixColumns = columns
        self.pixelsPerCell = pixelsPerCell
        let pixelRows = area.height * pixelsPerCell, pixelColumns = area.width
        func factors(_ r: Int, _ c: Int) -> (Int, Int) {
            ((r + pixelRows - 1) / pixelRows, (c + pixelColumns - 1) / pixelColumns)
        }
        let normal = factors(rows, columns), flipped = factors(columns, rows)
        // Transpose only when it strictly reduces pooling; ties keep K down the side.
        isTransposed = max(flipped.0, flipped.1) < max(normal.0, normal.1)
            || (max(flipped.0, flipped.1) == max(normal.0, normal.1)
                && flipped.0 * flipped.1 < normal.0 * normal.1)
        (rowFactor, columnFactor) = isTransposed ? flipped : normal
        let shownRows = ((isTransposed ? columns : rows) + rowFactor - 1) / rowFactor
        let shownColumns = ((isTransposed ? rows : columns) + columnFactor - 1) / columnFactor
        // Small matrices are zoomed by a whole factor so entries stay square-ish: a pixel is half a
        // cell tall with half blocks, so equal zoom keeps squares; a full-cell pixel is twice as
        // tall as wide, so columns get double zoom there.
        let aspect = pixelsPerCell == 2 ? 1 : 2
        var zoom = 1
        while zoom < 8 && shownRows * (zoom + 1) <= pixelRows
            && shownColumns * (zoom + 1) * aspect <= pixelColumns { zoom += 1 }
        rowZoom = zoom
        columnZoom = shownColumns * zoom * aspect <= pixelColumns ? zoom * aspect : zoom
        let width = shownColumns * columnZoom
        let height = (shownRows * rowZoom + pixelsPerCell - 1) / pixelsPerCell
        frame = Rect(x: area.x, y: area.y, width: width, height: height)
    }

    /// The matrix entry (row, column) drawn at a pixel of the frame, or nil outside it. With pooling
    /// it is the first entry of the pooled block.
    public func matrixPosition(pixelRow: Int, pixelColumn: Int) -> (row: Int, column: Int)? {
        guard pixelRow >= 0, pixelColumn >= 0 else { return nil }
        let displayRow = pixelRow / rowZoom, displayColumn = pixelColumn / columnZoom
        guard displayRow < displayRows, displayColumn < displayColumns else { return nil }
        let r = displayRow * rowFactor, c = displayColumn * columnFactor
        return isTransposed ? (c, r) : (r, c)
    }

    /// The matrix entry under a screen cell (its upper pixel), or nil outside the matrix.
    public func matrixPosition(x: Int, y: Int) -> (row: Int, column: Int)? {
        guard frame.contains(x: x, y: y) else { return nil }
        return matrixPosition(pixelRow: (y - frame.y) * pixelsPerCell, pixelColumn: x - frame.x)
    }

    /// The screen cell showing a matrix entry, and whether it is the lower half of that cell.
    public func cell(ofRow row: Int, column: Int) -> (x: Int, y: Int, isLowerHalf: Bool) {
        let (dr, dc) = isTransposed ? (column, row) : (row, column)
        let pixelRow = (dr / rowFactor) * rowZoom, pixelColumn = (dc / columnFactor) * columnZoom
        return (frame.x + pixelColumn, frame.y + pixelRow / pixelsPerCell,
                pixelRow % pixelsPerCell == 1)
    }

    /// The pooled display matrix (display orientation) of `matrix`.
    public func displayMatrix(of matrix: Matrix) -> Matrix {
        (isTransposed ? matrix.transposed() : matrix)
            .pooled(rowFactor: rowFactor, columnFactor: columnFactor)
    }
}
