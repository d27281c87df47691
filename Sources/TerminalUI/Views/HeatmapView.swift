/// A signed matrix as a diverging-colour heatmap. The memory pane and each part of the update pane
/// draw through the same `drawMatrix`, so they always agree on colours, pooling and orientation.
public struct HeatmapView: Hashable, Sendable {
    public var title: String
    public var matrix: Matrix?
    /// Name used in the value readout, e.g. "S" gives "S[3,7] = 0.12".
    public var symbol: String
    public var scaleMode: ScaleMode
    /// The entry under the cell cursor; drawn, and its exact value shown, when `showsReadout`.
    public var cursor: MatrixPosition
    public var showsReadout: Bool
    public var focused: Bool
    public var options: DisplayOptions

    public init(
        title: String, matrix: Matrix?, symbol: String = "S", scaleMode: ScaleMode = .auto,
        cursor: MatrixPosition = MatrixPosition(row: 0, column: 0), showsReadout: Bool = false,
        focused: Bool = false, options: DisplayOptions = DisplayOptions()
    ) {
        self.title = title
        self.matrix = matrix
        self.symbol = symbol
        self.scaleMode = scaleMode
        self.cursor = cursor
        self.showsReadout = showsReadout
        self.focused = focused
        self.options = options
    }

    /// The scale in use: the scale mode resolved against this matrix.
    public var scale: Float { scaleMode.resolve(automatic: matrix?.maxAbs ?? 0) }

    /// Where the matrix itself goes inside a pane of `rect`: below the info line, above the
    /// readout and colour bar.
    public func matrixArea(in rect: Rect) -> Rect {
        let inner = rect.inset(by: 1)
        let footer = showsReadout ? 2 : 1
        return Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1 - footer)
    }

    /// The geometry the matrix is drawn with in a pane of `rect` (nil if nothing fits).
    public func geometry(in rect: Rect) -> HeatmapGeometry? {
        guard let matrix else { return nil }
        return HeatmapGeometry(rows: matrix.rows, columns: matrix.columns, area: matrixArea(in: rect),
                               pixelsPerCell: Self.pixelsPerCell(options))
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let inner = Panel.draw(title, in: rect, focused: focused, options: options, into: &buffer)
        guard inner.height >= 1 else { return }
        guard let matrix, !matrix.isEmpty else {
            buffer.write("no state yet", x: inner.x, y: inner.y, style: options.muted, clip: inner)
            return
        }
        guard let geometry = geometry(in: rect) else {
            buffer.write("too small", x: inner.x, y: inner.y, style: options.muted, clip: inner)
            return
        }
        let scale = self.scale
        var info = "\(matrix.rows)x\(matrix.columns)"
        if geometry.isTransposed { info += " transposed" }
        if let pooling = geometry.poolingLabel { info += " " + pooling + " max|x|" }
        buffer.write(info, x: inner.x, y: inner.y, style: options.muted, clip: inner)

        let position = cursor.clamped(rows: matrix.rows, columns: matrix.columns)
        Self.drawMatrix(matrix, geometry: geometry, scale: scale,
                        cursor: showsReadout ? position : nil, options: options, into: &buffer)

        let barRow = Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1)
        let modeLabel = scaleMode == .auto ? "auto" : scaleMode.label
        ColorBar(scale: scale, modeLabel: modeLabel, options: options).draw(into: &buffer, in: barRow)
        if showsReadout {
            let value = matrix[position.row, position.column]
            let readout = "\(symbol)[\(position.row),\(position.column)] = \(ValueFormat.short(value))"
            buffer.write(readout, x: inner.x, y: inner.maxY - 2, style: .bold, clip: inner)
        }
    }

    static func pixelsPerCell(_ options: DisplayOptions) -> Int {
        options.colorMode.usesColor && !options.asciiOnly ? 2 : 1
    }

    /// Draws the matrix cells of `geometry`; the one renderer of every heatmap.
    public static func drawMatrix(
        _ matrix: Matrix, geometry: HeatmapGeometry, scale: Float, cursor: MatrixPosition?,
        options: DisplayOptions, into buffer: inout CellBuffer
    ) {
        let display = geometry.displayMatrix(of: matrix)
        let map = DivergingColorMap(mode: options.colorMode)
        let frame = geometry.frame
        func value(atPixelRow pixelRow: Int, column x: Int) -> Float? {
            let r = pixelRow / geometry.rowZoom, c = x / geometry.columnZoom
            guard r < display.rows, c < display.columns else { return nil }
            return display[r, c]
        }
        for cy in 0..<frame.height {
            for cx in 0..<frame.width {
                let upperRow = cy * geometry.pixelsPerCell
                guard let upper = value(atPixelRow: upperRow, column: cx) else { continue }
                let lower = geometry.pixelsPerCell == 2
                    ? value(atPixelRow: upperRow + 1, column: cx) : upper
                buffer.put(cell(upper: upper, lower: lower, scale: scale, map: map, options: options),
                           x: frame.x + cx, y: frame.y + cy, clip: frame)
            }
        }
        if let cursor {
            let spot = geometry.cell(ofRow: cursor.row, column: cursor.column)
            let value = matrix[cursor.row, cursor.column]
            var marked = buffer[spot.x, spot.y]
            if options.colorMode.usesColor {
                // A marker glyph on the entry's own colour: the cell stays readable as a value.
                marked = Cell(options.asciiOnly ? "X" : "◆",
                              style: CellStyle(foreground: .palette(15),
                                               background: map.color(for: value, scale: scale),
                                               attributes: .bold))
            } else {
                marked.style.attributes.insert(.reverse)
            }
            buffer.put(marked, x: spot.x, y: spot.y, clip: frame)
        }
    }

    /// The cell for one or two stacked values. `lower` nil means the cell has no lower pixel.
    static func cell(
        upper: Float, lower: Float?, scale: Float, map: DivergingColorMap, options: DisplayOptions
    ) -> Cell {
        guard options.colorMode.usesColor else {
            return Cell(map.glyph(for: upper, scale: scale))
        }
        let top = map.color(for: upper, scale: scale)
        if options.asciiOnly {
            return Cell(" ", style: CellStyle(background: top))
        }
        let bottom = lower.map { map.color(for: $0, scale: scale) } ?? .standard
        return Cell("▀", style: CellStyle(foreground: top, background: bottom))
    }
}
