import CNCurses
import TerminalUI

/// Colour pairs allocated on demand for the (foreground, background) combinations the screen uses.
/// When the terminal's COLOR_PAIRS runs out, a new combination gets the existing pair nearest in
/// RGB, so the picture degrades instead of losing colour.
struct ColorPairTable {
    struct Combination: Hashable {
        var foreground: TerminalColor
        var background: TerminalColor
    }

    private var pairs: [Combination: Int] = [:]
    private let limit: Int
    private let colorCount: Int

    init(limit: Int, colorCount: Int = 8) {
        self.limit = limit
        self.colorCount = colorCount
    }

    mutating func pair(foreground: TerminalColor, background: TerminalColor) -> Int {
        let combination = Combination(foreground: foreground, background: background)
        if combination == Combination(foreground: .standard, background: .standard) { return 0 }
        if let existing = pairs[combination] { return existing }
        let next = pairs.count + 1
        guard next < limit else { return nearest(to: combination) }
        init_pair(Int16(next), number(foreground), number(background))
        pairs[combination] = next
        return next
    }

    private func number(_ color: TerminalColor) -> Int16 {
        guard case .palette(let index) = color else { return -1 }
        return Int(index) < colorCount ? Int16(index) : Int16(nearestBasic(color))
    }

    /// The nearest of the colours the terminal has, for a palette index beyond COLORS.
    private func nearestBasic(_ color: TerminalColor) -> Int {
        (0..<min(colorCount, 16)).min { distance(.palette(UInt8($0)), color) < distance(.palette(UInt8($1)), color) } ?? 7
    }

    private func nearest(to combination: Combination) -> Int {
        pairs.min { a, b in
            score(a.key, combination) < score(b.key, combination)
        }?.value ?? 0
    }

    private func score(_ a: Combination, _ b: Combination) -> Int {
        distance(a.foreground, b.foreground) + distance(a.background, b.background)
    }

    private func distance(_ a: TerminalColor, _ b: TerminalColor) -> Int {
        guard let x = a.approximateRGB, let y = b.approximateRGB else { return a == b ? 0 : 3 * 255 * 255 }
        let dr = x.red - y.red, dg = x.green - y.green, db = x.blue - y.blue
        return dr * dr + dg * dg + db * db
    }
}
