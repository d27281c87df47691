/// The sequence as one line of escaped bytes, scrolled so the cursor token is always visible.
/// User tokens are plain, generated ones coloured (or dim without colour), the cursor reversed.
/// The tokens that erased the most memory are underlined in red (`marks`). With a recall frame a
/// second line shows, under each token j <= t, how well memory still returns its value (glyph height
/// = cos(S_t^T k_j, v_j), colour by sign), and a third line the probed association's history.
public struct TokenStripView: Hashable, Sendable {
    public var tokens: [Token]
    public var cursor: Int
    public var focused: Bool
    public var options: DisplayOptions
    public var marks: Set<Int>
    public var recall: RecallFrame?

    public init(tokens: [Token], cursor: Int, focused: Bool = false, options: DisplayOptions,
                marks: Set<Int> = [], recall: RecallFrame? = nil) {
        self.tokens = tokens
        self.cursor = cursor
        self.focused = focused
        self.options = options
        self.marks = marks
        self.recall = recall
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let count = "t \(tokens.isEmpty ? 0 : cursor + 1) / \(tokens.count)"
        let inner = Panel.draw("tokens  " + count, in: rect, focused: focused, options: options,
                               into: &buffer)
        guard inner.height >= 1, inner.width >= 1 else { return }
        guard !tokens.isEmpty else {
            buffer.write("no tokens: type i then text, or :prompt TEXT", x: inner.x, y: inner.y,
                         style: options.muted, clip: inner)
            return
        }
        let texts = tokens.map(\.displayText)
        let c = min(max(cursor, 0), tokens.count - 1)
        // Start at the token that puts the cursor about two thirds across, so some of what follows
        // the cursor stays in view too.
        var start = c, used = texts[c].count
        while start > 0 && used + texts[start - 1].count <= inner.width * 2 / 3 {
            start -= 1
            used += texts[start].count
        }
        var x = inner.x
        if start > 0 {
            x = buffer.write(options.asciiOnly ? "<" : "…", x: x, y: inner.y, style: options.muted,
                             clip: inner)
        }
        var columns: [Int: Int] = [:]
        for i in start..<tokens.count where x < inner.maxX {
            columns[i] = x
            x = buffer.write(texts[i], x: x, y: inner.y, style: style(for: i), clip: inner)
        }
        if let recall, inner.height >= 2 { drawRecall(recall, columns: columns, texts: texts, inner: inner, into: &buffer) }
    }

    /// The recall line under the tokens and the probed association's details under it.
    private func drawRecall(_ recall: RecallFrame, columns: [Int: Int], texts: [String], inner: Rect,
                            into buffer: inout CellBuffer) {
        let y = inner.y + 1
        let map = DivergingColorMap(mode: options.colorMode)
        for (i, value) in recall.recall.enumerated() {
            let j = recall.firstStep + i
            guard let x0 = columns[j] else { continue }
            var style = options.colorMode.usesColor
                ? CellStyle(foreground: map.color(for: value.cosine, scale: 1)) : CellStyle.plain
            if j == recall.probe { style = style.adding(.reverse) }
            let glyph = Sparkline.glyph(for: abs(value.cosine), asciiOnly: options.asciiOnly)
            for dx in 0..<texts[j].count {
                buffer.put(Cell(value.cosine < 0 && !options.colorMode.usesColor ? "-" : glyph, style: style),
                           x: x0 + dx, y: y, clip: inner)
            }
        }
        if inner.height >= 3 {
            buffer.write("recall of " + recall.details, x: inner.x, y: inner.y + 2, style: options.muted, clip: inner)
        }
    }

    func style(for index: Int) -> CellStyle {
        var style: CellStyle
        if tokens[index].origin == .generated {
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
        if index == cursor { style.attributes.formUnion([.reverse, .bold]) }
        return style
    }
}
