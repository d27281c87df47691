import GatedDelta

/// The four rules replayed on the selected head's stream, side by side: each rule's memory S_t as a
/// heatmap on one shared scale, its read-out o_t as a one-row heatmap (shared scale of its own), how
/// far both drifted from the source's own rule, and which "what if" overrides are on.
public struct RuleComparisonView: Hashable, Sendable {
    public var frame: RuleComparisonFrame?
    public var layer: Int
    public var head: Int
    public var focused: Bool
    public var options: DisplayOptions
    /// The override keys, from the key map (`KeyMap.rulesHint`).
    public var keyHint: String

    public init(frame: RuleComparisonFrame?, layer: Int, head: Int, focused: Bool = false, options: DisplayOptions,
                keyHint: String? = nil) {
        self.frame = frame
        self.layer = layer
        self.head = head
        self.focused = focused
        self.options = options
        self.keyHint = keyHint ?? KeyMap.standard.rulesHint(asciiOnly: options.asciiOnly)
    }

    /// One rectangle per rule inside `inner` (minus the key line): a row of four when each gets at
    /// least 16 columns, else a 2 x 2 grid.
    public func panelRects(in inner: Rect) -> [Rect] {
        let body = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1)
        let across = body.width / 4 >= 16 && body.width / 4 >= body.height ? 4 : 2
        let down = 4 / across
        let w = (body.width - (across - 1)) / across, h = body.height / down
        return (0..<4).map { i in
            Rect(x: body.x + (i % across) * (w + 1), y: body.y + (i / across) * h, width: w, height: h)
        }
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let inner = Panel.draw("rules  L\(layer) h\(head)  S_t and o_t, shared scale", in: rect, focused: focused,
                               options: options, into: &buffer)
        guard inner.height >= 1 else { return }
        guard let frame else {
            buffer.write("no step to replay", x: inner.x, y: inner.y, style: options.muted, clip: inner)
            return
        }
        let pixels = HeatmapView.pixelsPerCell(options)
        for (panel, area) in zip(frame.panels, panelRects(in: inner)) where area.height >= 3 {
            let mark = panel.isSelected ? (options.asciiOnly ? ">" : "▸") : " "
            let own = panel.isOwnRule ? " (own)" : ""
            let forced = panel.overrideLabel.isEmpty ? "" : " [\(panel.overrideLabel)]"
            buffer.write(mark + panel.rule.displayName + own + forced, x: area.x, y: area.y,
                         style: panel.isSelected ? options.accent.adding(.bold) : .bold, clip: area)
            let drift = "drift S \(ValueFormat.short(panel.stateDrift)) o \(ValueFormat.short(panel.outputDrift))"
            buffer.write(drift, x: area.x, y: area.y + 1, style: options.muted, clip: area)
            // o_t: one row under the memory.
            let outputRow = Rect(x: area.x + 2, y: area.maxY - 1, width: area.width - 2, height: 1)
            buffer.write("o", x: area.x, y: outputRow.y, style: options.muted, clip: area)
            let output = Matrix(rows: 1, columns: panel.output.count, values: panel.output)
            if let geometry = HeatmapGeometry(rows: 1, columns: output.columns, area: outputRow, pixelsPerCell: 1) {
                HeatmapView.drawMatrix(output, geometry: geometry, scale: frame.outputScale, cursor: nil,
                                       options: options, into: &buffer)
            }
            let matrixArea = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 3)
            if let geometry = HeatmapGeometry(rows: panel.state.rows, columns: panel.state.columns,
                                              area: matrixArea, pixelsPerCell: pixels) {
                HeatmapView.drawMatrix(panel.state, geometry: geometry, scale: frame.scale, cursor: nil,
                                       options: options, into: &buffer)
            }
        }
        let keyRow = Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1)
        let hint = "  " + keyHint
        let barWidth = max(0, min(inner.width - hint.count, 44))
        ColorBar(scale: frame.scale, modeLabel: "S", options: options)
            .draw(into: &buffer, in: Rect(x: keyRow.x, y: keyRow.y, width: barWidth, height: 1))
        buffer.write(hint, x: keyRow.x + barWidth, y: keyRow.y,
                     style: options.muted, clip: keyRow)
    }
}
