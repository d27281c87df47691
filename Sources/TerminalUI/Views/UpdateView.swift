/// The update of step t: the delta update and its parts (delta erase, new write, gate erase) as
/// small heatmaps on one shared scale, so their sizes compare by colour; each with its Frobenius norm.
public struct UpdateView: Hashable, Sendable {
    public var update: StepUpdate?
    public var focused: Bool
    public var options: DisplayOptions
    /// The pane's title: "update at t", with where the token went on a mixture-of-experts layer.
    public var title: String

    public init(update: StepUpdate?, focused: Bool = false, options: DisplayOptions, title: String = "update at t") {
        self.update = update
        self.title = title
        self.focused = focused
        self.options = options
    }

    /// max |x| over all parts, so no part saturates.
    public var scale: Float {
        update?.namedParts.map(\.matrix.maxAbs).max() ?? 0
    }

    /// The rectangles of the parts (label row plus matrix) inside `inner`: a row of four when the
    /// pane is wide and short, else a 2x2 grid.
    public func partRects(in inner: Rect) -> [Rect] {
        let body = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1)
        let across = body.width >= 4 * 8 && body.width / 4 >= 2 * body.height ? 4 : 2
        let down = 4 / across
        let w = (body.width - (across - 1)) / across, h = body.height / down
        return (0..<4).map { i in
            Rect(x: body.x + (i % across) * (w + 1), y: body.y + (i / across) * h, width: w, height: h)
        }
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let inner = Panel.draw(title, in: rect, focused: focused, options: options,
                               into: &buffer)
        guard inner.height >= 1 else { return }
        guard let update else {
            buffer.write("no update at this step", x: inner.x, y: inner.y, style: options.muted,
                         clip: inner)
            return
        }
        let scale = self.scale
        for (part, area) in zip(update.namedParts, partRects(in: inner)) where area.height >= 2 {
            let label = "\(part.name) \(ValueFormat.short(part.matrix.frobeniusNorm))"
            buffer.write(label, x: area.x, y: area.y, style: options.muted, clip: area)
            let matrixArea = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
            if let geometry = HeatmapGeometry(
                rows: part.matrix.rows, columns: part.matrix.columns, area: matrixArea,
                pixelsPerCell: HeatmapView.pixelsPerCell(options))
            {
                HeatmapView.drawMatrix(part.matrix, geometry: geometry, scale: scale, cursor: nil,
                                       options: options, into: &buffer)
            }
        }
        let barRow = Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1)
        ColorBar(scale: scale, modeLabel: "shared", options: options).draw(into: &buffer, in: barRow)
    }
}
