/// The current view as an SVG picture for slides and papers: the token strip with the cursor, the
/// memory heatmap S_t with its colour bar, the four parts of the step's update on one shared scale,
/// and alpha and beta of every head over time. Every matrix entry is one `<rect class="cell">` in the
/// continuous version of the screen's colour map (`DivergingColorMap.rgb`), so nothing is pooled.
/// A pure function of the snapshot, like the screen.
public struct ViewPicture: Sendable {
    public var snapshot: ScreenSnapshot
    /// The memory heatmap's scale mode (the screen's `:scale`); the update parts always share
    /// their own automatic scale, as on screen.
    public var scaleMode: ScaleMode

    public init(snapshot: ScreenSnapshot, scaleMode: ScaleMode = .auto) {
        self.snapshot = snapshot
        self.scaleMode = scaleMode
    }

    static let margin = 24.0
    static let characterWidth = 7.3  // a 12 px monospace glyph's advance
    static let lineHeight = 16.0
    static let accent = RGB(255, 175, 0)
    static let generated = RGB(95, 215, 255)

    public func svg() -> String {
        let s = snapshot
        let mainCell = Self.cellSize(for: s.state, fitting: 360, range: 3...18)
        let partCell = Self.cellSize(for: s.update?.deltaUpdate, fitting: 170, range: 2...9)
        let stateSize = Self.size(of: s.state, cell: mainCell)
        let partSize = Self.size(of: s.update?.deltaUpdate, cell: partCell)
        let partsWidth = 2 * partSize.width + 24
        let width = max(900, Self.margin * 2 + max(stateSize.width, 260) + 48 + max(partsWidth, 300))
        let tokenLines = tokenLayout(width: width - 2 * Self.margin, lines: 3).map(\.line).max().map { $0 + 1 } ?? 1
        let top = 84 + Double(tokenLines) * Self.lineHeight + 20
        // The state block is title, matrix and colour bar; the parts block two rows of two.
        let heatmapsHeight = max(stateSize.height + 48, 2 * partSize.height + 120) + 36
        let gatesHeight = s.alphaHistory.isEmpty ? 0.0 : 150.0
        var svg = SVGDocument(width: width, height: top + heatmapsHeight + gatesHeight + Self.margin)

        drawTitle(into: &svg)
        drawTokens(into: &svg, y: 84, width: width - 2 * Self.margin, lines: 3)
        drawState(into: &svg, x: Self.margin, y: top, cell: mainCell)
        drawParts(into: &svg, x: Self.margin + max(stateSize.width, 260) + 48, y: top, cell: partCell)
        if gatesHeight > 0 {
            drawGates(into: &svg, y: top + heatmapsHeight, width: width - 2 * Self.margin)
        }
        return svg.rendered(background: .background)
    }

    // MARK: - Parts of the picture

    private func drawTitle(into svg: inout SVGDocument) {
        let s = snapshot
        let t = s.tokens.isEmpty ? 0 : s.cursor + 1
        svg.text("\(s.modelName) · \(s.ruleName) · layer \(s.layer)/\(s.layerCount - 1) head \(s.head)/\(s.headCount - 1)",
                 x: Self.margin, y: 32, size: 16, bold: true)
        var subtitle = "t \(t) / \(s.tokenCount)"
        if s.cursor < s.tokens.count { subtitle += "  token \(s.tokens[s.cursor].displayText)" }
        svg.text(subtitle, x: Self.margin, y: 54, fill: .muted)
    }

    /// Where each shown token goes: the tokens around the cursor wrapped to at most `lines` lines of
    /// `width`, the cursor kept on the last line when the text is longer than that.
    private func tokenLayout(width: Double, lines: Int) -> [(index: Int, line: Int, column: Int)] {
        let s = snapshot
        guard s.cursor < s.tokens.count else { return [] }
        let perLine = max(8, Int(width / Self.characterWidth))
        let texts = s.tokens.map(\.displayText)
        var first = s.cursor, used = texts[s.cursor].count
        while first > 0, used + texts[first - 1].count <= perLine * lines - perLine / 2 {
            first -= 1
            used += texts[first].count
        }
        var placed: [(index: Int, line: Int, column: Int)] = []
        var column = 0, line = 0
        for index in first..<s.tokens.count {
            let length = texts[index].count
            if column + length > perLine { line += 1; column = 0 }
            if line >= lines { break }
            placed.append((index, line, column))
            column += length
        }
        return placed
    }

    /// The token strip, the cursor token highlighted, generated tokens in their own colour.
    private func drawTokens(into svg: inout SVGDocument, y: Double, width: Double, lines: Int) {
        let s = snapshot
        guard !s.tokens.isEmpty else {
            svg.text("no tokens yet", x: Self.margin, y: y, fill: .muted)
            return
        }
        for (index, line, column) in tokenLayout(width: width, lines: lines) {
            let text = s.tokens[index].displayText
            let x = Self.margin + Double(column) * Self.characterWidth
            let baseline = y + Double(line) * Self.lineHeight
            var color = s.tokens[index].origin == .generated ? Self.generated : RGB.text
            if index == s.cursor {
                svg.rect(x: x - 1, y: baseline - 12, width: Double(text.count) * Self.characterWidth + 2,
                         height: 15, fill: Self.accent, className: "cursor")
                color = .background
            }
            svg.text(text, x: x, y: baseline, fill: color)
        }
    }

    private func drawState(into svg: inout SVGDocument, x: Double, y: Double, cell: Double) {
        guard let state = snapshot.state, !state.isEmpty else {
            svg.text("memory S: no state yet", x: x, y: y, fill: .muted)
            return
        }
        let scale = scaleMode.resolve(automatic: state.maxAbs)
        svg.text("memory S  \(state.rows) x \(state.columns)  |S|F \(ValueFormat.short(state.frobeniusNorm))",
                 x: x, y: y, bold: true)
        drawMatrix(state, into: &svg, x: x, y: y + 10, cell: cell, scale: scale)
        let below = y + 10 + Double(state.rows) * cell + 14
        drawColorBar(into: &svg, x: x, y: below, width: max(Double(state.columns) * cell, 200),
                     scale: scale, label: scaleMode.label)
    }

    private func drawParts(into svg: inout SVGDocument, x: Double, y: Double, cell: Double) {
        guard let update = snapshot.update else {
            svg.text("update at t: no step", x: x, y: y, fill: .muted)
            return
        }
        let parts = update.namedParts
        let scale = parts.map(\.matrix.maxAbs).max() ?? 0
        svg.text("update at t  (shared scale)", x: x, y: y, bold: true)
        let size = Self.size(of: update.deltaUpdate, cell: cell)
        for (index, part) in parts.enumerated() {
            let px = x + Double(index % 2) * (size.width + 24)
            let py = y + 24 + Double(index / 2) * (size.height + 34)
            svg.text("\(part.name)  \(ValueFormat.short(part.matrix.frobeniusNorm))", x: px, y: py, size: 11,
                     fill: .muted)
            drawMatrix(part.matrix, into: &svg, x: px, y: py + 6, cell: cell, scale: scale)
        }
        drawColorBar(into: &svg, x: x, y: y + 24 + 2 * (size.height + 34) + 4,
                     width: max(2 * size.width + 24, 200), scale: scale, label: "shared")
    }

    /// alpha and beta of every head over time on [0, 1], the selected head in the accent colour,
    /// the step t marked by a vertical line.
    private func drawGates(into svg: inout SVGDocument, y: Double, width: Double) {
        let s = snapshot
        let chartWidth = (width - 40) / 2, chartHeight = 90.0
        for (column, (name, history)) in [("α (decay)", s.alphaHistory), ("β (write strength)", s.betaHistory)].enumerated() {
            let x = Self.margin + Double(column) * (chartWidth + 40)
            svg.text(name + (s.head < history.count && s.cursor < history[s.head].count
                             ? "  h\(s.head) at t: " + ValueFormat.fixed(Double(history[s.head][s.cursor]), digits: 3)
                             : ""),
                     x: x, y: y, bold: true)
            let top = y + 12
            svg.rect(x: x, y: top, width: chartWidth, height: chartHeight, fill: RGB(30, 30, 30), className: "chart")
            svg.text("1", x: x - 4, y: top + 9, size: 10, fill: .muted, anchor: .end)
            svg.text("0", x: x - 4, y: top + chartHeight, size: 10, fill: .muted, anchor: .end)
            let steps = max(history.map(\.count).max() ?? 0, 1)
            func point(_ t: Int, _ value: Float) -> (x: Double, y: Double) {
                let fraction = steps == 1 ? 0.5 : Double(t) / Double(steps - 1)
                let clamped = value.isFinite ? Double(min(max(value, 0), 1)) : 0
                return (x + fraction * chartWidth, top + (1 - clamped) * chartHeight)
            }
            // Other heads first, so the selected one is drawn on top.
            for head in history.indices.sorted(by: { ($0 == s.head ? 1 : 0) < ($1 == s.head ? 1 : 0) }) {
                let points = history[head].enumerated().map { point($0.offset, $0.element) }
                svg.polyline(points, stroke: head == s.head ? Self.accent : RGB(90, 90, 90),
                             width: head == s.head ? 2 : 1)
            }
            if s.cursor < steps {
                let cx = point(s.cursor, 0).x
                svg.line(from: (cx, top), to: (cx, top + chartHeight), stroke: .text)
            }
        }
    }

    // MARK: - Drawing helpers

    /// One rect per entry: row r of the matrix is row r of the picture.
    private func drawMatrix(_ matrix: Matrix, into svg: inout SVGDocument, x: Double, y: Double,
                            cell: Double, scale: Float) {
        for r in 0..<matrix.rows {
            for c in 0..<matrix.columns {
                svg.rect(x: x + Double(c) * cell, y: y + Double(r) * cell, width: cell, height: cell,
                         fill: DivergingColorMap.rgb(for: matrix[r, c], scale: scale), className: "cell")
            }
        }
    }

    private func drawColorBar(into svg: inout SVGDocument, x: Double, y: Double, width: Double,
                              scale: Float, label: String) {
        let steps = 64
        let step = width / Double(steps)
        for i in 0..<steps {
            let value = scale * (-1 + 2 * (Float(i) + 0.5) / Float(steps))
            svg.rect(x: x + Double(i) * step, y: y, width: step + 0.3, height: 10,
                     fill: DivergingColorMap.rgb(for: value, scale: scale), className: "bar")
        }
        svg.text(ValueFormat.signed(-scale), x: x, y: y + 24, size: 11, fill: .muted)
        svg.text("0", x: x + width / 2, y: y + 24, size: 11, fill: .muted, anchor: .middle)
        svg.text(ValueFormat.signed(scale) + "  " + label, x: x + width, y: y + 24, size: 11, fill: .muted,
                 anchor: .end)
    }

    static func cellSize(for matrix: Matrix?, fitting extent: Double, range: ClosedRange<Double>) -> Double {
        guard let matrix, !matrix.isEmpty else { return range.lowerBound }
        let fit = (extent / Double(max(matrix.rows, matrix.columns))).rounded(.down)
        return min(max(fit, range.lowerBound), range.upperBound)
    }

    static func size(of matrix: Matrix?, cell: Double) -> (width: Double, height: Double) {
        guard let matrix else { return (0, 0) }
        return (Double(matrix.columns) * cell, Double(matrix.rows) * cell)
    }
}
