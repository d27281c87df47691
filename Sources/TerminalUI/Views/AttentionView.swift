/// The main pane on an attention layer, where a GDN layer shows its memory: for the selected head at
/// step t, which keys it saw (the window's edge and how many), the norm of its read-out |o_h|, its
/// weights over those keys as a strip (oldest left, t right, as the token strip runs) and the most
/// attended tokens with their pieces and weights (fixed-width numbers, a bar to scale).
public struct AttentionView: Hashable, Sendable {
    public var frame: AttentionFrame?
    public var layer: Int
    public var summary: LayerSummary
    public var focused: Bool
    public var options: DisplayOptions

    public init(frame: AttentionFrame?, layer: Int, summary: LayerSummary, focused: Bool = false,
                options: DisplayOptions) {
        self.frame = frame
        self.layer = layer
        self.summary = summary
        self.focused = focused
        self.options = options
    }

    /// The lines above the strip: what the query saw and its read-out (1-based positions, as on screen).
    public var headerLines: [String] {
        guard let f = frame else { return [] }
        let reach = f.window.map { "window W\($0)" } ?? "full causal"
        return [
            "t \(f.position + 1) sees j \(f.windowStart + 1)...\(f.position + 1): \(f.keyCount) keys, \(reach)",
            "window edge j \(f.windowStart + 1)" + (f.windowStart > 0 ? ": \(f.windowStart) tokens left it" : ""),
            "|o_h| " + ValueFormat.fixed(Double(f.outputNorm), digits: 3) + "  read-out norm",
        ]
    }

    /// One ranked entry: rank, position j, piece in quotes (so a space shows; cut to 8 columns),
    /// weight with 3 decimals.
    public static func rankedLine(_ rank: Int, _ key: AttentionFrame.Key) -> String {
        let piece = ("'" + String(key.piece.prefix(8)) + "'").padding(10)
        return String("\(rank)".padding(2)) + " j " + String("\(key.position + 1)".padding(6)) + piece + " "
            + ValueFormat.fixed(Double(key.weight), digits: 3)
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let inner = Panel.draw("attention  L\(layer) h\(frame?.head ?? 0)  \(summary.label)", in: rect,
                               focused: focused, options: options, into: &buffer)
        guard inner.height >= 1, inner.width >= 1 else { return }
        guard let frame else {
            buffer.write("no step yet", x: inner.x, y: inner.y, style: options.muted, clip: inner)
            return
        }
        var y = inner.y
        for line in headerLines where y < inner.maxY {
            buffer.write(line, x: inner.x, y: y, clip: inner)
            y += 1
        }
        guard y + 1 < inner.maxY else { return }
        // The weights strip: the newest keys that fit, t at the right, each on [0, max weight].
        y += 1
        let shown = frame.keyRange.suffix(inner.width)
        let top = frame.maxWeight
        buffer.write("weights j \((shown.first ?? 0) + 1)...\((shown.last ?? 0) + 1)  (max "
                     + ValueFormat.fixed(Double(top), digits: 3) + ")", x: inner.x, y: y, style: options.muted, clip: inner)
        y += 1
        for (dx, j) in shown.enumerated() {
            let level = top > 0 ? frame.weights[j - frame.firstKey] / top : 0
            let style = j == frame.position ? options.accent.adding(.reverse) : options.accent
            buffer.put(Cell(Sparkline.glyph(for: level, asciiOnly: options.asciiOnly), style: style),
                       x: inner.x + dx, y: y, clip: inner)
        }
        y += 2
        guard y < inner.maxY else { return }
        buffer.write("most attended", x: inner.x, y: y, style: .bold, clip: inner)
        y += 1
        let barWidth = max(0, inner.width - 32)
        for (rank, key) in frame.ranked.enumerated() where y < inner.maxY {
            let x = buffer.write(Self.rankedLine(rank + 1, key) + " ", x: inner.x, y: y, clip: inner)
            let cells = Int((key.weight * Float(barWidth)).rounded())
            buffer.write(String(repeating: options.asciiOnly ? "#" : "█", count: min(cells, barWidth)), x: x, y: y,
                         style: options.accent, clip: inner)
            y += 1
        }
    }
}
