import GatedDeltaNet

/// The current view as an SVG picture for slides and papers, drawn top to bottom: the title (and a
/// lesson's narration), the token strip with the cursor (and the recall strip when it is on), the main
/// view (memory and update parts, the four rules side by side, or the erasure accounting), and alpha
/// and beta of every head over time. Every matrix entry is one `<rect class="cell">` in the continuous
/// version of the screen's colour map (`DivergingColorMap.rgb`), so nothing is pooled. On an attention
/// layer the main view is the selected head's weights, one `<rect class="key">` per key it saw, and
/// its most attended tokens; the token strip marks the window's edge. A pure function of the
/// snapshot, like the screen.
public struct ViewPicture: Sendable {
    public var snapshot: ScreenSnapshot
    /// The memory heatmap's scale mode (the screen's `:scale`); the update parts and the four rules
    /// share their own automatic scale, as on screen.
    public var scaleMode: ScaleMode

    public init(snapshot: ScreenSnapshot, scaleMode: ScaleMode = .auto) {
        self.snapshot = snapshot
        self.scaleMode = scaleMode
    }

    static let width = 1000.0
    static let margin = 24.0
    static let characterWidth = 7.3  // a 12 px monospace glyph's advance
    static let lineHeight = 16.0
    static let gap = 36.0
    static let accent = RGB(255, 175, 0)
    static let generated = RGB(95, 215, 255)
    static let erased = RGB(255, 95, 95)
    static let chartBackground = RGB(30, 30, 30)
    static let otherLine = RGB(90, 90, 90)

    public func svg() -> String {
        var svg = SVGDocument(width: Self.width, height: 0)
        var y = drawTitle(into: &svg)
        y = drawTokens(into: &svg, y: y + 10) + Self.gap
        switch snapshot.view {
        case _ where snapshot.layerSummary.isAttention:
            y += drawAttention(into: &svg, y: y) + Self.gap
        case .memory:
            let left = drawState(into: &svg, x: Self.margin, y: y)
            let right = drawParts(into: &svg, x: Self.margin + left.width + 48, y: y)
            y += max(left.height, right) + Self.gap
        case .rules:
            y += drawRules(into: &svg, y: y) + Self.gap
        case .erasure:
            let left = drawState(into: &svg, x: Self.margin, y: y)
            let right = drawErasure(into: &svg, x: Self.margin + left.width + 48, y: y)
            y += max(left.height, right) + Self.gap
        }
        if !snapshot.alphaHistory.isEmpty { y += drawGates(into: &svg, y: y) }
        svg.height = y + Self.margin
        return svg.rendered(background: .background)
    }

    private var contentWidth: Double { Self.width - 2 * Self.margin }

    // MARK: - Title and tokens

    /// Returns the baseline of the last line drawn.
    private func drawTitle(into svg: inout SVGDocument) -> Double {
        let s = snapshot
        let t = s.tokenCount == 0 ? 0 : s.cursor + 1
        svg.text("\(s.title ?? s.modelName) · \(s.ruleName) · layer \(s.layer)/\(s.layerCount - 1) \(s.layerSummary.label) head \(s.head)/\(s.headCount - 1)",
                 x: Self.margin, y: 32, size: 16, bold: true)
        var subtitle = "t \(t) / \(s.tokenCount)"
        if s.cursor < s.tokens.count { subtitle += "  token \(s.tokens[s.cursor].displayText)" }
        svg.text(subtitle, x: Self.margin, y: 54, fill: .muted)
        guard let narration = s.narration, !narration.isEmpty else { return 54 }
        svg.text(narration, x: Self.margin, y: 74)
        return 74
    }

    /// Where each shown token goes: the tokens around the cursor wrapped to at most `lines` lines,
    /// the cursor kept on the last line when the text is longer than that.
    private func tokenLayout(lines: Int) -> [(index: Int, line: Int, column: Int)] {
        let s = snapshot
        guard s.cursor < s.tokens.count else { return [] }
        let perLine = max(8, Int(contentWidth / Self.characterWidth))
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

    /// The token strip: the cursor token highlighted, generated tokens in their own colour, the
    /// most-erasing steps underlined (erasure view), and under each token its recall
    /// cos(S_t^T k_j, v_j) as a colour on [-1, 1] (recall strip). Returns the bottom edge.
    private func drawTokens(into svg: inout SVGDocument, y top: Double) -> Double {
        let s = snapshot
        let baseline = top + 12
        guard !s.tokens.isEmpty else {
            svg.text("no tokens yet", x: Self.margin, y: baseline, fill: .muted)
            return baseline
        }
        let rowHeight = s.recall == nil ? Self.lineHeight : Self.lineHeight + 10
        let marked = Set(s.view == .erasure ? s.erasure?.mostErasing ?? [] : [])
        let layout = tokenLayout(lines: 3)
        for (index, line, column) in layout {
            let text = s.tokens[index].displayText
            let x = Self.margin + Double(column) * Self.characterWidth
            let y = baseline + Double(line) * rowHeight
            let width = Double(text.count) * Self.characterWidth
            var color = s.tokens[index].origin == .generated ? Self.generated : RGB.text
            if index == s.cursor {
                svg.rect(x: x - 1, y: y - 12, width: width + 2, height: 15, fill: Self.accent, className: "cursor")
                color = .background
            }
            svg.text(text, x: x, y: y, fill: color)
            if marked.contains(index) {
                svg.line(from: (x, y + 3), to: (x + width, y + 3), stroke: Self.erased, width: 2)
            }
            if let edge = s.windowEdge, edge.start > 0, index == edge.start, s.attention != nil || s.recall != nil {
                svg.line(from: (x - 1, y - 13), to: (x - 1, y + 10), stroke: Self.accent, width: 2)
            }
            if let recall = s.recall, recall.recall.indices.contains(index - recall.firstStep) {
                svg.rect(x: x, y: y + 4, width: max(width - 1, 1), height: 6,
                         fill: DivergingColorMap.rgb(for: recall.recall[index - recall.firstStep].cosine, scale: 1),
                         className: "recall")
            }
        }
        var bottom = baseline + Double(layout.map(\.line).max() ?? 0) * rowHeight + (s.recall == nil ? 4 : 14)
        if let recall = s.recall {
            bottom += Self.lineHeight
            svg.text("recall of " + recall.details, x: Self.margin, y: bottom, size: 11, fill: .muted)
        }
        return bottom
    }

    // MARK: - Main views

    /// An attention layer's selected head at t: its weight on every key it saw as one rect each (the
    /// oldest left, t right, on [0, max weight]), the window's edge and read-out norm, and the most
    /// attended tokens. Returns the height.
    private func drawAttention(into svg: inout SVGDocument, y: Double) -> Double {
        guard let frame = snapshot.attention else {
            svg.text("attention: no step yet", x: Self.margin, y: y, fill: .muted)
            return 20
        }
        let reach = frame.window.map { "window W\($0)" } ?? "full causal"
        svg.text("attention  L\(snapshot.layer) h\(frame.head)  t \(frame.position + 1) sees j \(frame.windowStart + 1)...\(frame.position + 1)"
                 + " (\(frame.keyCount) keys, \(reach))  |o_h| " + ValueFormat.fixed(Double(frame.outputNorm), digits: 3),
                 x: Self.margin, y: y, bold: true)
        let count = max(frame.weights.count, 1)
        let cell = min(40, contentWidth / Double(count)), top = frame.maxWeight
        for (i, weight) in frame.weights.enumerated() {
            svg.rect(x: Self.margin + Double(i) * cell, y: y + 12, width: cell, height: 28,
                     fill: DivergingColorMap.rgb(for: weight, scale: top), className: "key")
        }
        svg.text("j \(frame.firstKey + 1)", x: Self.margin, y: y + 54, size: 11, fill: .muted)
        svg.text("j \(frame.keyRange.upperBound)  (max weight " + ValueFormat.fixed(Double(top), digits: 3) + ")",
                 x: Self.margin + Double(count) * cell, y: y + 54, size: 11, fill: .muted, anchor: .end)
        var rowY = y + 78
        svg.text("most attended", x: Self.margin, y: rowY, bold: true)
        for (rank, key) in frame.ranked.enumerated() {
            rowY += 15
            svg.text(AttentionView.rankedLine(rank + 1, key), x: Self.margin, y: rowY, size: 11)
        }
        return rowY + 8 - y
    }

    /// Returns the block's size.
    private func drawState(into svg: inout SVGDocument, x: Double, y: Double) -> (width: Double, height: Double) {
        guard let state = snapshot.state, !state.isEmpty else {
            svg.text("memory S: no state yet", x: x, y: y, fill: .muted)
            return (260, 20)
        }
        let cell = Self.cellSize(for: state, fitting: 360, range: 3...18)
        let scale = scaleMode.resolve(automatic: state.maxAbs)
        svg.text("memory S  \(state.rows) x \(state.columns)  |S|F \(ValueFormat.short(state.frobeniusNorm))",
                 x: x, y: y, bold: true)
        drawMatrix(state, into: &svg, x: x, y: y + 10, cell: cell, scale: scale)
        let width = max(Double(state.columns) * cell, 260)
        let barY = y + 10 + Double(state.rows) * cell + 14
        drawColorBar(into: &svg, x: x, y: barY, width: width, scale: scale, label: scaleMode.label)
        return (width, barY + 24 - y)
    }

    /// The four parts of the step's update, two by two on one shared scale. Returns the height.
    private func drawParts(into svg: inout SVGDocument, x: Double, y: Double) -> Double {
        guard let update = snapshot.update else {
            svg.text("update at t: no step", x: x, y: y, fill: .muted)
            return 20
        }
        let parts = update.namedParts
        let scale = parts.map(\.matrix.maxAbs).max() ?? 0
        let cell = Self.cellSize(for: update.deltaUpdate, fitting: 170, range: 2...9)
        let width = Double(update.deltaUpdate.columns) * cell, height = Double(update.deltaUpdate.rows) * cell
        svg.text("update at t  (shared scale)", x: x, y: y, bold: true)
        for (index, part) in parts.enumerated() {
            let px = x + Double(index % 2) * (width + 24)
            let py = y + 24 + Double(index / 2) * (height + 34)
            svg.text("\(part.name)  \(ValueFormat.short(part.matrix.frobeniusNorm))", x: px, y: py, size: 11,
                     fill: .muted)
            drawMatrix(part.matrix, into: &svg, x: px, y: py + 6, cell: cell, scale: scale)
        }
        let barY = y + 24 + 2 * (height + 34) + 4
        drawColorBar(into: &svg, x: x, y: barY, width: max(2 * width + 24, 200), scale: scale, label: "shared")
        return barY + 24 - y
    }

    /// The four rules' S_t side by side on one shared scale, each with its read-out o_t and its drift
    /// from the source's own rule. Returns the height.
    private func drawRules(into svg: inout SVGDocument, y: Double) -> Double {
        guard let frame = snapshot.rules, let first = frame.panels.first else {
            svg.text("rules: no step to compare", x: Self.margin, y: y, fill: .muted)
            return 20
        }
        let columns = Double(max(frame.panels.count, 1))
        let slot = (contentWidth - (columns - 1) * 24) / columns
        let cell = Self.cellSize(for: first.state, fitting: slot, range: 1...12)
        let height = Double(first.state.rows) * cell
        svg.text("the four rules replayed to t  (shared scale; drift = |X_rule - X_own| / |X_own|)",
                 x: Self.margin, y: y, bold: true)
        for (index, panel) in frame.panels.enumerated() {
            let x = Self.margin + Double(index) * (slot + 24)
            var name = panel.rule.displayName
            if panel.isOwnRule { name += " (own)" }
            if !panel.overrideLabel.isEmpty { name += " [\(panel.overrideLabel)]" }
            svg.text(name, x: x, y: y + 26, fill: panel.isSelected ? Self.accent : .text, bold: panel.isOwnRule)
            svg.text("drift S \(ValueFormat.short(panel.stateDrift))  o \(ValueFormat.short(panel.outputDrift))",
                     x: x, y: y + 42, size: 11, fill: .muted)
            drawMatrix(panel.state, into: &svg, x: x, y: y + 50, cell: cell, scale: frame.scale)
            svg.text("o_t", x: x, y: y + 50 + height + 18, size: 11, fill: .muted)
            let output = Matrix(rows: 1, columns: panel.output.count, values: panel.output)
            drawMatrix(output, into: &svg, x: x + 24, y: y + 50 + height + 8, cell: cell, scale: frame.outputScale,
                       className: "output", height: 12)
        }
        let barY = y + 50 + height + 34
        drawColorBar(into: &svg, x: Self.margin, y: barY, width: min(contentWidth, 400), scale: frame.scale,
                     label: "S, shared")
        return barY + 24 - y
    }

    /// The erasure accounting: Frobenius norms of the selected head's gate erase, delta erase, new
    /// write and S over time, and every head's at the cursor. Returns the height.
    private func drawErasure(into svg: inout SVGDocument, x: Double, y: Double) -> Double {
        guard let frame = snapshot.erasure, !frame.history.isEmpty else {
            svg.text("erasure: no steps yet", x: x, y: y, fill: .muted)
            return 20
        }
        svg.text("erasure  Frobenius norms  h\(snapshot.head)", x: x, y: y, bold: true)
        let width = Self.width - Self.margin - x
        let series: [(String, KeyPath<ErasureAccounting.Norms, Float>)] = [
            ("gate erase", \.gateErase), ("delta erase", \.deltaErase), ("new write", \.newWrite), ("|S|", \.state),
        ]
        var rowY = y + 14
        for (name, path) in series {
            let values = frame.history.map { $0[keyPath: path] }
            let cursor = snapshot.cursor - frame.firstStep  // the history may start at a window's first step
            let atCursor = values.indices.contains(cursor) ? ValueFormat.short(values[cursor]) : "--"
            svg.text("\(name)  \(atCursor)", x: x, y: rowY + 12, size: 11)
            let maxValue = values.filter(\.isFinite).max() ?? 0
            let chart = (x: x + 130, width: width - 130, height: 32.0)
            svg.rect(x: chart.x, y: rowY, width: chart.width, height: chart.height, fill: Self.chartBackground,
                     className: "chart")
            let points = values.enumerated().map { t, v in
                (x: chart.x + Self.fraction(t, of: values.count) * chart.width,
                 y: rowY + chart.height * (1 - (maxValue > 0 && v.isFinite ? Double(v / maxValue) : 0)))
            }
            svg.polyline(points, stroke: Self.accent, width: 1.5)
            let cx = chart.x + Self.fraction(cursor, of: values.count) * chart.width
            svg.line(from: (cx, rowY), to: (cx, rowY + chart.height), stroke: .text)
            rowY += chart.height + 10
        }
        rowY += 10
        svg.text("head   gate    delta   write   |S|   (at t)", x: x, y: rowY, size: 11, fill: .muted)
        for (head, norms) in frame.heads.enumerated() {
            rowY += 15
            let cells = [norms.gateErase, norms.deltaErase, norms.newWrite, norms.state]
                .map { ValueFormat.short($0).padding(8) }.joined()
            svg.text("h\(head)".padding(7) + cells, x: x, y: rowY, size: 11,
                     fill: head == snapshot.head ? Self.accent : .text)
        }
        return rowY + 8 - y
    }

    /// alpha and beta of every head over time on [0, 1], the selected head in the accent colour,
    /// the step t marked by a vertical line. Returns the height.
    private func drawGates(into svg: inout SVGDocument, y: Double) -> Double {
        let s = snapshot
        let chartWidth = (contentWidth - 40) / 2, chartHeight = 90.0
        for (column, (name, history)) in [("α (decay)", s.alphaHistory), ("β (write strength)", s.betaHistory)].enumerated() {
            let x = Self.margin + Double(column) * (chartWidth + 40)
            var title = name
            if s.head < history.count, s.cursor < history[s.head].count {
                title += "  h\(s.head) at t: " + ValueFormat.fixed(Double(history[s.head][s.cursor]), digits: 3)
            }
            svg.text(title, x: x, y: y, bold: true)
            let top = y + 12
            svg.rect(x: x, y: top, width: chartWidth, height: chartHeight, fill: Self.chartBackground, className: "chart")
            svg.text("1", x: x - 4, y: top + 9, size: 10, fill: .muted, anchor: .end)
            svg.text("0", x: x - 4, y: top + chartHeight, size: 10, fill: .muted, anchor: .end)
            let steps = history.map(\.count).max() ?? 0
            func point(_ t: Int, _ value: Float) -> (x: Double, y: Double) {
                let clamped = value.isFinite ? Double(min(max(value, 0), 1)) : 0
                return (x + Self.fraction(t, of: steps) * chartWidth, top + (1 - clamped) * chartHeight)
            }
            // Other heads first, so the selected one is drawn on top.
            for head in history.indices.sorted(by: { ($0 == s.head ? 1 : 0) < ($1 == s.head ? 1 : 0) }) {
                let points = history[head].enumerated().map { point($0.offset, $0.element) }
                svg.polyline(points, stroke: head == s.head ? Self.accent : Self.otherLine,
                             width: head == s.head ? 2 : 1)
            }
            if s.cursor < steps {
                let cx = point(s.cursor, 0).x
                svg.line(from: (cx, top), to: (cx, top + chartHeight), stroke: .text)
            }
        }
        return chartHeight + 12
    }

    // MARK: - Drawing helpers

    /// One rect per entry: row r of the matrix is row r of the picture.
    private func drawMatrix(_ matrix: Matrix, into svg: inout SVGDocument, x: Double, y: Double, cell: Double,
                            scale: Float, className: String = "cell", height: Double? = nil) {
        for r in 0..<matrix.rows {
            for c in 0..<matrix.columns {
                svg.rect(x: x + Double(c) * cell, y: y + Double(r) * cell, width: cell, height: height ?? cell,
                         fill: DivergingColorMap.rgb(for: matrix[r, c], scale: scale), className: className)
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

    /// Step t's place along a time axis of `count` steps, in [0, 1].
    static func fraction(_ t: Int, of count: Int) -> Double {
        count <= 1 ? 0.5 : Double(min(max(t, 0), count - 1)) / Double(count - 1)
    }

    static func cellSize(for matrix: Matrix?, fitting extent: Double, range: ClosedRange<Double>) -> Double {
        guard let matrix, !matrix.isEmpty else { return range.lowerBound }
        let fit = (extent / Double(max(matrix.rows, matrix.columns))).rounded(.down)
        return min(max(fit, range.lowerBound), range.upperBound)
    }
}
