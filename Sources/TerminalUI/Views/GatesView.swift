/// alpha (decay) and beta (write strength) for every head of the layer: the value at step t and a
/// sparkline over time on a fixed [0, 1] scale, the step t marked, the selected head highlighted.
/// The histories may hold only the steps around the cursor (from `historyStart`, of `stepCount`).
public struct GatesView: Hashable, Sendable {
    /// [head][t - historyStart].
    public var alphaHistory: [[Float]]
    public var betaHistory: [[Float]]
    public var historyStart: Int
    /// Steps in the whole sequence.
    public var stepCount: Int
    public var cursor: Int
    public var selectedHead: Int
    public var focused: Bool
    public var options: DisplayOptions

    public init(
        alphaHistory: [[Float]], betaHistory: [[Float]], historyStart: Int = 0, stepCount: Int? = nil,
        cursor: Int, selectedHead: Int, focused: Bool = false, options: DisplayOptions
    ) {
        self.alphaHistory = alphaHistory
        self.betaHistory = betaHistory
        self.historyStart = historyStart
        self.stepCount = stepCount ?? historyStart + (alphaHistory.first?.count ?? 0)
        self.cursor = cursor
        self.selectedHead = selectedHead
        self.focused = focused
        self.options = options
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let inner = Panel.draw("gates α β", in: rect, focused: focused, options: options,
                               into: &buffer)
        let heads = max(alphaHistory.count, betaHistory.count)
        guard inner.height >= 1 else { return }
        guard heads > 0 else {
            buffer.write("no gates yet", x: inner.x, y: inner.y, style: options.muted, clip: inner)
            return
        }
        // Keep the selected head visible when not all heads fit.
        let firstHead = max(0, selectedHead - inner.height + 1)
        let labelWidth = 4 + 7  // "h12 " + "α 0.97 "
        let sparkWidth = max(0, (inner.width - 2 * labelWidth - 1) / 2)
        for (line, head) in (firstHead..<heads).prefix(inner.height).enumerated() {
            let y = inner.y + line
            let selected = head == selectedHead
            let headStyle = selected ? options.accent.adding(.reverse) : CellStyle.plain
            var x = buffer.write(String("h\(head)".padding(3)) + " ", x: inner.x, y: y,
                                 style: headStyle, clip: inner)
            x = drawSeries("α", alphaHistory[safe: head], into: &buffer, x: x, y: y, width: sparkWidth, clip: inner)
            x = buffer.write(" ", x: x, y: y, clip: inner)
            _ = drawSeries("β", betaHistory[safe: head], into: &buffer, x: x, y: y, width: sparkWidth, clip: inner)
        }
    }

    private func drawSeries(
        _ name: String, _ values: [Float]?, into buffer: inout CellBuffer, x: Int, y: Int,
        width: Int, clip: Rect
    ) -> Int {
        let values = values ?? []
        let held = historyStart..<historyStart + values.count
        let current = held.contains(cursor) ? ValueFormat.fixed(Double(values[cursor - historyStart]), digits: 2)
                                            : " -- "
        let label = (options.asciiOnly ? (name == "α" ? "a" : "b") : name) + " " + current + " "
        var column = buffer.write(label, x: x, y: y, clip: clip)
        let window = Sparkline.window(count: stepCount, cursor: cursor, width: width).clamped(to: held)
        let lineStyle = options.colorMode.usesColor
            ? CellStyle(foreground: .palette(name == "α" ? 6 : 3)) : CellStyle.plain
        for t in window {
            let style = t == cursor ? lineStyle.adding(.reverse) : lineStyle
            buffer.put(Cell(Sparkline.glyph(for: values[t - historyStart], asciiOnly: options.asciiOnly), style: style),
                       x: column, y: y, clip: clip)
            column += 1
        }
        return x + label.count + width
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension String {
    func padding(_ width: Int) -> String {
        let used = CellWidth.of(self)
        return used >= width ? self : self + String(repeating: " ", count: width - used)
    }
}
