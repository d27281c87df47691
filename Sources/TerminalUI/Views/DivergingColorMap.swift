/// Maps a signed value, relative to a scale, to a colour centred on zero: blue for negative,
/// a dark neutral grey near zero, red for positive, brighter as |value| grows.
///
/// The neutral is dark rather than white because memory states are mostly near zero and the usual
/// terminal background is dark: zeros recede and strong associations stand out. Both ramps rise in
/// lightness in even steps through the 6x6x6 cube (blue -> cyan, red -> orange -> yellow), so equal
/// value steps look like equal colour steps and the sign is carried by hue.
///
/// Monochrome scheme (no colour at all): one glyph per value, heavier for larger |value|; the sign is
/// carried by the glyph family, so no colour or prefix is needed:
///     positive  . : + * # @     (light to heavy)
///     negative  , ; - = % &     (light to heavy)
///     zero      space
/// All of them are ASCII, so the scheme also works with `asciiOnly`.
public struct DivergingColorMap: Hashable, Sendable {
    public let mode: ColorMode

    public init(mode: ColorMode) { self.mode = mode }

    static let positiveGlyphs: [Character] = [".", ":", "+", "*", "#", "@"]
    static let negativeGlyphs: [Character] = [",", ";", "-", "=", "%", "&"]

    static let negative256: [TerminalColor] = [
        .cube(0, 0, 2), .cube(0, 1, 3), .cube(0, 2, 4), .cube(1, 3, 5), .cube(2, 4, 5), .cube(3, 5, 5),
    ]
    static let positive256: [TerminalColor] = [
        .cube(2, 0, 0), .cube(3, 0, 0), .cube(4, 1, 0), .cube(5, 2, 0), .cube(5, 3, 1), .cube(5, 4, 2),
    ]
    static let neutral256: TerminalColor = .grey(3)

    /// Number of distinct non-zero levels on each side of zero.
    public var levelsPerSide: Int {
        switch mode {
        case .xterm256, .monochrome: 6
        case .ansi16: 3
        case .ansi8: 2
        }
    }

    /// The signed level of `value`: 0 is neutral, ±levelsPerSide the extremes. Values beyond the
    /// scale saturate; a zero or non-finite scale, or a NaN value, gives 0.
    public func level(for value: Float, scale: Float) -> Int {
        guard scale > 0, scale.isFinite, !value.isNaN else { return 0 }
        let t = min(max(value / scale, -1), 1)
        let magnitude = Int((abs(t) * Float(levelsPerSide)).rounded())
        return t < 0 ? -magnitude : magnitude
    }

    /// The colour of a level; `.standard` in monochrome, where glyphs carry the value.
    public func color(forLevel level: Int) -> TerminalColor {
        let n = levelsPerSide
        let l = min(max(level, -n), n)
        switch mode {
        case .monochrome:
            return .standard
        case .xterm256:
            if l == 0 { return Self.neutral256 }
            return l < 0 ? Self.negative256[-l - 1] : Self.positive256[l - 1]
        case .ansi16:
            // blue, bright blue, bright cyan | black | red, bright red, bright yellow
            let ramp: [UInt8] = [14, 12, 4, 0, 1, 9, 11]
            return .palette(ramp[l + 3])
        case .ansi8:
            let ramp: [UInt8] = [6, 4, 0, 1, 3]
            return .palette(ramp[l + 2])
        }
    }

    public func color(for value: Float, scale: Float) -> TerminalColor {
        color(forLevel: level(for: value, scale: scale))
    }

    /// The glyph for a level in the monochrome scheme described above.
    public func glyph(forLevel level: Int) -> Character {
        let n = levelsPerSide
        let l = min(max(level, -n), n)
        if l == 0 { return " " }
        // Map the mode's levels onto the six glyphs so a coarse mode still reaches the heaviest one.
        let index = (abs(l) * Self.positiveGlyphs.count + n - 1) / n - 1
        return l > 0 ? Self.positiveGlyphs[index] : Self.negativeGlyphs[index]
    }

    public func glyph(for value: Float, scale: Float) -> Character {
        glyph(forLevel: level(for: value, scale: scale))
    }
}
