/// A colour as the terminal understands it: its own default, or an index into the 256-colour palette
/// (0-7 the ANSI colours, 8-15 their bright variants, 16-231 the 6x6x6 cube, 232-255 greys).
public enum TerminalColor: Hashable, Sendable {
    case standard
    case palette(UInt8)

    /// The usual xterm RGB for a palette index; a backend with few colour pairs uses it to pick the
    /// nearest colour it already has.
    public var approximateRGB: (red: Int, green: Int, blue: Int)? {
        guard case .palette(let index) = self else { return nil }
        let i = Int(index)
        switch i {
        case 0..<16:
            let base: [(Int, Int, Int)] = [
                (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
                (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
                (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
            ]
            return base[i]
        case 16..<232:
            let steps = [0, 95, 135, 175, 215, 255]
            let c = i - 16
            return (steps[c / 36], steps[(c / 6) % 6], steps[c % 6])
        default:
            let grey = 8 + (i - 232) * 10
            return (grey, grey, grey)
        }
    }

    /// Index of the cube colour with components r, g, b in 0...5.
    public static func cube(_ red: Int, _ green: Int, _ blue: Int) -> TerminalColor {
        .palette(UInt8(16 + 36 * red + 6 * green + blue))
    }

    /// One of the 24 greys, 0 (darkest) ... 23 (lightest).
    public static func grey(_ level: Int) -> TerminalColor {
        .palette(UInt8(232 + min(max(level, 0), 23)))
    }
}
