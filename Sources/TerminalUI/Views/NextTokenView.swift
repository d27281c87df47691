/// The model's next-token guesses: the token's piece (escaped), probability bar, percentage.
public struct NextTokenView: Hashable, Sendable {
    public var candidates: [TokenCandidate]
    public var focused: Bool
    public var options: DisplayOptions

    public init(candidates: [TokenCandidate], focused: Bool = false, options: DisplayOptions) {
        self.candidates = candidates
        self.focused = focused
        self.options = options
    }

    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let inner = Panel.draw("next token", in: rect, focused: focused, options: options, into: &buffer)
        guard inner.height >= 1 else { return }
        guard !candidates.isEmpty else {
            buffer.write("no prediction", x: inner.x, y: inner.y, style: options.muted, clip: inner)
            return
        }
        let barStyle = options.colorMode.usesColor ? CellStyle(foreground: .palette(2)) : .plain
        let barWidth = max(0, inner.width - 6 - 7)
        for (line, candidate) in candidates.prefix(inner.height).enumerated() {
            let y = inner.y + line
            let label = candidate.piece.padding(5) + " "
            var x = buffer.write(label, x: inner.x, y: y, style: line == 0 ? .bold : .plain, clip: inner)
            x = drawBar(candidate.probability, width: barWidth, into: &buffer, x: x, y: y,
                        style: barStyle, clip: inner)
            buffer.write(ValueFormat.percent(candidate.probability), x: x + 1, y: y, clip: inner)
        }
    }

    private func drawBar(
        _ p: Float, width: Int, into buffer: inout CellBuffer, x: Int, y: Int, style: CellStyle,
        clip: Rect
    ) -> Int {
        let units = Int((min(max(p.isNaN ? 0 : p, 0), 1) * Float(width * 8)).rounded())
        for i in 0..<width {
            let filled = units - i * 8
            let glyph: Character
            if filled >= 8 {
                glyph = options.asciiOnly ? "#" : "█"
            } else if filled > 0 {
                glyph = options.asciiOnly ? (filled >= 4 ? "#" : " ") : Self.eighths[filled - 1]
            } else {
                glyph = " "
            }
            buffer.put(Cell(glyph, style: style), x: x + i, y: y, clip: clip)
        }
        return x + width
    }
}
