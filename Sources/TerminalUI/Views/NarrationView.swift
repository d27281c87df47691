/// In place of the next-token guesses when there is no model: a lesson's narration for the step, or
/// a note that a trace has no predictions.
public struct NarrationView: Hashable, Sendable {
    public var title: String?
    public var narration: String?
    public var focused: Bool
    public var options: DisplayOptions

    public init(title: String?, narration: String?, focused: Bool = false, options: DisplayOptions) {
        self.title = title
        self.narration = narration
        self.focused = focused
        self.options = options
    }

    public func draw(into buffer: inout CellBuffer, in rect: Rect) {
        let inner = Panel.draw(narration == nil ? "no model" : "lesson", in: rect, focused: focused, options: options,
                               into: &buffer)
        guard inner.height >= 1, inner.width >= 1 else { return }
        var y = inner.y
        if let title {
            for line in Self.wrap(title, width: inner.width) where y < inner.maxY {
                buffer.write(line, x: inner.x, y: y, style: .bold, clip: inner)
                y += 1
            }
        }
        let text = narration ?? "a trace: rule inputs only, no next-token prediction"
        for line in Self.wrap(text, width: inner.width) where y < inner.maxY {
            buffer.write(line, x: inner.x, y: y, style: narration == nil ? options.muted : .plain, clip: inner)
            y += 1
        }
    }

    /// Words into lines of at most `width` characters (a longer word is cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word.prefix(width))
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word.prefix(width))
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
