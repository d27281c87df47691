import GatedDeltaNet

/// Where memory went: for the selected head, sparklines over time of the Frobenius norms of the gate
/// erase, delta erase, new write and of S (each on its own [0, max] scale, step t marked, its value at
/// t beside it); below, the same four numbers at step t for every head of the layer.
public struct ErasureView: Hashable, Sendable {
    public var frame: ErasureFrame?
    public var cursor: Int
    public var selectedHead: Int
    public var focused: Bool
    public var options: DisplayOptions

    public init(frame: ErasureFrame?, cursor: Int, selectedHead: Int, focused: Bool = false, options: DisplayOptions) {
        self.frame = frame
        self.cursor = cursor
        self.selectedHead = selectedHead
        self.focused = focused
        self.options = options
    }

    static var series: [(name: String, value: (ErasureAccounting.Norms) -> Float)] { [
        ("gate erase", { $0.gateErase }), ("delta erase", { $0.deltaErase }), ("new write", { $0.newWrite }), ("|S|", { $0.state }),
    ] }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let inner = Panel.draw("erasure  Frobenius norms  h\(selectedHead)", in: rect, focused: focused,
                               options: options, into: &buffer)
        guard inner.height >= 1 else { return }
        guard let frame, !frame.history.isEmpty else {
            buffer.write("no steps yet", x: inner.x, y: inner.y, style: options.muted, clip: inner)
            return
        }
        // The history starts at the frame's first step (a window of a long session).
        let cursor = self.cursor - frame.firstStep
        let labelWidth = 12, valueWidth = 7
        let sparkWidth = max(0, inner.width - labelWidth - valueWidth)
        var y = inner.y
        for (name, value) in Self.series where y < inner.maxY {
            let values = frame.history.map(value)
            let top = values.max() ?? 0
            let current = cursor < values.count ? ValueFormat.short(values[cursor]) : "--"
            buffer.write(name.padding(labelWidth - 1) + " ", x: inner.x, y: y, clip: inner)
            buffer.write(current.padding(valueWidth - 1), x: inner.x + labelWidth, y: y, style: .bold, clip: inner)
            var x = inner.x + labelWidth + valueWidth
            for t in Sparkline.window(count: values.count, cursor: cursor, width: sparkWidth) {
                let level = top > 0 ? values[t] / top : 0
                var style = name == "|S|" ? CellStyle.plain : options.accent
                if t == cursor { style = style.adding(.reverse) }
                buffer.put(Cell(Sparkline.glyph(for: level, asciiOnly: options.asciiOnly), style: style), x: x, y: y, clip: inner)
                x += 1
            }
            y += 1
        }
        guard y + 1 < inner.maxY else { return }
        y += 1
        let columns = ["head", "gate", "delta", "write", "|S|"]
        buffer.write(columns.map { $0.padding(6) }.joined(), x: inner.x, y: y, style: options.muted, clip: inner)
        y += 1
        // Keep the selected head visible when not all heads fit.
        let rows = inner.maxY - y
        let first = max(0, min(selectedHead - rows + 1, frame.heads.count - rows))
        for (line, head) in (first..<frame.heads.count).prefix(max(rows, 0)).enumerated() {
            let n = frame.heads[head]
            let cells = ["h\(head)"] + [n.gateErase, n.deltaErase, n.newWrite, n.state].map(ValueFormat.short)
            let style = head == selectedHead ? options.accent.adding(.reverse) : CellStyle.plain
            buffer.write(cells.map { $0.padding(6) }.joined(), x: inner.x, y: y + line, style: style, clip: inner)
        }
    }
}
