/// The sequence as one line of escaped bytes, scrolled so the cursor token is always visible.
/// User tokens are plain, generated ones coloured (or dim without colour), the cursor reversed.
public struct TokenStripView: Hashable, Sendable {
    public var tokens: [Token]
    public var cursor: Int
    public var focused: Bool
    public var options: DisplayOptions

    public init(tokens: [Token], cursor: Int, focused: Bool = false, options: DisplayOptions) {
        self.tokens = tokens
        self.cursor = cursor
        self.focused = focused
        self.options = options
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
        for i in start..<tokens.count where x < inner.maxX {
            x = buffer.write(texts[i], x: x, y: inner.y, style: style(for: i), clip: inner)
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
        if index == cursor { style.attributes.formUnion([.reverse, .bold]) }
        return style
    }
}
