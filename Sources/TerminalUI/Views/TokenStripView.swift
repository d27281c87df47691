/// The sequence as one line of token pieces, scrolled so the cursor token is always visible. It may
/// be given only a window of the tokens around the cursor (`firstIndex`, `count`), as a frame's
/// snapshot holds: what fits on one line.
/// User tokens are plain, generated ones coloured (or dim without colour), the cursor reversed.
/// The tokens that erased the most memory are underlined in red (`marks`). With a recall frame a
/// second line shows, under each token j <= t, how well memory still returns its value (glyph height
/// = cos(S_t^T k_j, v_j), colour by sign), and a third line the probed association's history; on a
/// hybrid the tokens that have left the nearest attention layer's window (`windowEdge`) are underlined
/// there, what only the memory still holds. On an attention layer (`attention`) the second line shows
/// instead the selected head's weight on each token it sees (glyph height, on [0, max weight]), the
/// tokens before the window's edge dimmed and the edge marked (`▕` after the last token that left),
/// and the third line says what the head saw.
public struct TokenStripView: Hashable, Sendable {
    /// `tokens[i]` is step `firstIndex + i`.
    public var tokens: [Token]
    public var firstIndex: Int
    /// Tokens in the whole sequence.
    public var count: Int
    public var cursor: Int
    public var focused: Bool
    public var options: DisplayOptions
    public var marks: Set<Int>
    public var recall: RecallFrame?
    public var attention: AttentionFrame?
    public var windowEdge: WindowEdge?
    /// Said on the third line of an attention layer's strip, e.g. that recall is for GDN layers.
    public var attentionNote: String?
    /// Shown while there are no tokens (`KeyMap.emptyTokensHint`).
    public var emptyHint: String

    public init(tokens: [Token], firstIndex: Int = 0, count: Int? = nil, cursor: Int, focused: Bool = false,
                options: DisplayOptions, marks: Set<Int> = [], recall: RecallFrame? = nil,
                attention: AttentionFrame? = nil, windowEdge: WindowEdge? = nil, attentionNote: String? = nil,
                emptyHint: String = KeyMap.standard.emptyTokensHint) {
        self.attention = attention
        self.windowEdge = windowEdge
        self.attentionNote = attentionNote
        self.emptyHint = emptyHint
        self.tokens = tokens
        self.firstIndex = firstIndex
        self.count = count ?? firstIndex + tokens.count
        self.cursor = cursor
        self.focused = focused
        self.options = options
        self.marks = marks
        self.recall = recall
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let position = "t \(count == 0 ? 0 : cursor + 1) / \(count)"
        let inner = Panel.draw("tokens  " + position, in: rect, focused: focused, options: options,
                               into: &buffer)
        guard inner.height >= 1, inner.width >= 1 else { return }
        guard !tokens.isEmpty else {
            buffer.write(emptyHint, x: inner.x, y: inner.y,
                         style: options.muted, clip: inner)
            return
        }
        // Indices into `tokens` from here on; `firstIndex + i` is the step.
        let texts = tokens.map(\.displayText)
        let c = min(max(cursor - firstIndex, 0), tokens.count - 1)
        // Start at the token that puts the cursor about two thirds across, so some of what follows
        // the cursor stays in view too.
        var start = c, used = CellWidth.of(texts[c])
        while start > 0 && used + CellWidth.of(texts[start - 1]) <= inner.width * 2 / 3 {
            start -= 1
            used += CellWidth.of(texts[start])
        }
        var x = inner.x
        if start + firstIndex > 0 {
            x = buffer.write(options.asciiOnly ? "<" : "…", x: x, y: inner.y, style: options.muted,
                             clip: inner)
        }
        var columns: [Int: Int] = [:]
        for i in start..<tokens.count where x < inner.maxX {
            columns[firstIndex + i] = x
            x = buffer.write(texts[i], x: x, y: inner.y, style: style(for: firstIndex + i), clip: inner)
        }
        if let attention, inner.height >= 2 {
            drawAttention(attention, columns: columns, texts: texts, inner: inner, into: &buffer)
        } else if let recall, inner.height >= 2 {
            drawRecall(recall, columns: columns, texts: texts, inner: inner, into: &buffer)
        }
    }

    /// The head's weights under the tokens it sees, the window's edge, and a line of what it saw.
    private func drawAttention(_ frame: AttentionFrame, columns: [Int: Int], texts: [String], inner: Rect,
                               into buffer: inout CellBuffer) {
        let y = inner.y + 1, top = frame.maxWeight
        for j in frame.keyRange {
            guard let x0 = columns[j], let weight = frame.weight(at: j) else { continue }
            var style = options.accent
            if j == cursor { style = style.adding(.reverse) }
            let glyph = Sparkline.glyph(for: top > 0 ? weight / top : 0, asciiOnly: options.asciiOnly)
            for dx in 0..<CellWidth.of(texts[j - firstIndex]) {
                buffer.put(Cell(glyph, style: style), x: x0 + dx, y: y, clip: inner)
            }
        }
        if frame.windowStart > 0, let x = columns[frame.windowStart] {
            buffer.put(Cell(options.asciiOnly ? "|" : "▕", style: .bold), x: x - 1, y: y, clip: inner)
        }
        guard inner.height >= 3 else { return }
        var line = "h\(frame.head) at t \(frame.position + 1) sees j \(frame.windowStart + 1)...\(frame.position + 1)"
        line += frame.window.map { " (W\($0)" + (frame.windowStart > 0 ? " \(options.asciiOnly ? "|" : "▕"))" : ")") } ?? " (full)"
        line += "  |o| " + ValueFormat.fixed(Double(frame.outputNorm), digits: 3)
        if let attentionNote { line += "  " + attentionNote }
        if let most = frame.ranked.first {
            line += "  most: '\(most.piece)' " + ValueFormat.fixed(Double(most.weight), digits: 3)
        }
        buffer.write(line, x: inner.x, y: inner.y + 2, style: options.muted, clip: inner)
    }

    /// The recall line under the tokens and the probed association's details under it.
    private func drawRecall(_ recall: RecallFrame, columns: [Int: Int], texts: [String], inner: Rect,
                            into buffer: inout CellBuffer) {
        let y = inner.y + 1
        let map = DivergingColorMap(mode: options.colorMode)
        for (i, value) in recall.recall.enumerated() {
            let j = recall.firstStep + i
            guard let x0 = columns[j] else { continue }
            let width = CellWidth.of(texts[j - firstIndex])
            var style = options.colorMode.usesColor
                ? CellStyle(foreground: map.color(for: value.cosine, scale: 1)) : CellStyle.plain
            if j == recall.probe { style = style.adding(.reverse) }
            if windowEdge?.hasLeft(j) == true { style = style.adding(.underline) }
            let glyph = Sparkline.glyph(for: abs(value.cosine), asciiOnly: options.asciiOnly)
            for dx in 0..<width {
                buffer.put(Cell(value.cosine < 0 && !options.colorMode.usesColor ? "-" : glyph, style: style),
                           x: x0 + dx, y: y, clip: inner)
            }
        }
        if inner.height >= 3 {
            var line = "recall of " + recall.details
            if let edge = windowEdge, edge.start > 0 {
                line = "j<\(edge.start + 1) underlined: left L\(edge.layer)'s W\(edge.window), memory only · " + line
            }
            buffer.write(line, x: inner.x, y: inner.y + 2, style: options.muted, clip: inner)
        }
    }

    /// The style of step `index`.
    func style(for index: Int) -> CellStyle {
        var style: CellStyle
        if tokens[index - firstIndex].origin == .generated {
            style = options.colorMode.usesColor
                ? CellStyle(foreground: .palette(options.colorMode == .xterm256 ? 114 : 2),
                            attributes: .italic)
                : CellStyle(attributes: [.dim, .underline])
        } else {
            style = .plain
        }
        if marks.contains(index) {
            if options.colorMode.usesColor { style.foreground = .palette(options.colorMode == .xterm256 ? 203 : 1) }
            style.attributes.insert(.underline)
        }
        if attention != nil, windowEdge?.hasLeft(index) == true { style.attributes.insert(.dim) }
        if index == cursor { style.attributes.formUnion([.reverse, .bold]) }
        return style
    }
}
