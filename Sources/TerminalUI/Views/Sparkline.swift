/// Values in [0, 1] as a row of eighth blocks (▁▂▃▄▅▆▇█), or ASCII levels with `asciiOnly`.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let ascii: [Character] = ["_", ".", ",", "-", "=", "+", "*", "#"]

    public static func glyph(for value: Float, asciiOnly: Bool) -> Character {
        let ramp = asciiOnly ? ascii : blocks
        guard !value.isNaN else { return "?" }
        let clamped = min(max(value, 0), 1)
        return ramp[min(ramp.count - 1, Int(clamped * Float(ramp.count)))]
    }

    /// The window of at most `width` steps of `values` that ends at `cursor` (or later when the
    /// whole tail fits), and the index of its first step.
    public static func window(count: Int, cursor: Int, width: Int) -> Range<Int> {
        guard count > width, width > 0 else { return 0..<min(count, max(width, 0)) }
        let end = min(count, max(cursor + 1, width))
        return (end - width)..<end
    }
}
