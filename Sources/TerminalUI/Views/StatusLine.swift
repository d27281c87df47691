/// The bottom status row: where we are (model, rule, layer and its kind, head, t / T), play state, colour mode,
/// work in progress and key hints.
public struct StatusLine: Hashable, Sendable {
    public var snapshot: ScreenSnapshot
    public var options: DisplayOptions
    public var scaleMode: ScaleMode
    /// The key hint at the end, from the key map (`KeyMap.statusHint`).
    public var hint: String

    public init(snapshot: ScreenSnapshot, options: DisplayOptions, scaleMode: ScaleMode,
                hint: String = KeyMap.standard.statusHint) {
        self.snapshot = snapshot
        self.options = options
        self.scaleMode = scaleMode
        self.hint = hint
    }

    public var text: String {
        let s = snapshot
        let sep = options.asciiOnly ? " | " : " │ "
        let play = s.playState == .playing ? (options.asciiOnly ? ">" : "▶") : (options.asciiOnly ? "=" : "⏸")
        var parts = [
            s.modelName.isEmpty ? "no model" : s.modelName,
            s.ruleName,
            "layer \(s.layer)/\(max(s.layerCount - 1, 0)) \(s.layerSummary.label) head \(s.head)/\(max(s.headCount - 1, 0))",
            "t \(s.tokenCount == 0 ? 0 : s.cursor + 1)/\(s.tokenCount)",
            "\(play) \(ValueFormat.fixed(s.speed, digits: 1))/s",
            "\(options.colorMode.label) scale \(scaleMode.label)",
        ]
        if let busy = s.busy { parts.append(busy) }
        parts.append(hint)
        return " " + parts.joined(separator: sep)
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let style = options.colorMode.usesColor
            ? CellStyle(foreground: .palette(0), background: .palette(options.colorMode == .xterm256 ? 250 : 7))
            : CellStyle.reverse
        buffer.fill(rect, with: Cell(" ", style: style))
        buffer.write(text, x: rect.x, y: rect.y, style: style, clip: rect)
    }
}
