/// The sequence as one line of token pieces, scrolled so the cursor token is always visible. It may
/// be given only a window of the tokens around the cursor (`firstIndex`, `count`), as a frame's
/// snapshot holds: what fits on one line.
/// User tokens are plain, generated ones coloured (or dim without colour), the cursor reversed.
/// The tokens that erased the most memory are underlined in red (`marks`). With a recall frame a
/// second line shows, under each token j <= t, how well memory still returns its value (glyph height
/// = cos(S_t^T k_j, v_j), colour by sign), and a third line the probed association's history.
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
    /// Shown while there are no tokens (`KeyMap.emptyTokensHint`).
    public var emptyHint: String

    public init(tokens: [Token], firstIndex: Int = 0, count: Int? = nil, cursor: Int, focused: Bool = false,
                options: DisplayOptions, marks: Set<Int> = [], recall: RecallFrame? = nil,
                emptyHint: String = KeyMap.standard.emptyTokensHint) {
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
            let width = CellWidth.of(texts[j - firstIndex])
            var style = options.colorMode.usesColor
                ? CellStyle(foreground: map.color(for: value.cosine, scale: 1)) : CellStyle.plain
            if j == recall.probe { style = style.adding(.reverse) }
            let glyph = Sparkline.glyph(for: abs(value.cosine), asciiOnly: options.asciiOnly)
            for dx in 0..<width {
                buffer.put(Cell(value.cosine < 0 && !options.colorMode.usesColor ? "-" : glyph, style: style),
                           x: x0 + dx, y: y, clip: inner)
            }
        }
        if inner.height >= 3 {
            buffer.write("recall of " + recall.details, x: inner.x, y: inner.y + 2, style: options.muted, clip: inner)
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
        if index == cursor { style.attributes.formUnion([.reverse, .bold]) }
        return style
    }
}
