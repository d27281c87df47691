extension DivergingColorMap {
    /// The 256-colour map made continuous for pictures: the same hues (dark grey at zero, blue ramp for
    /// negative, red -> yellow for positive) with the screen's six levels as stops at |x|/scale = l/6,
    /// linear in RGB between them, so a picture shows the exact value where the screen shows a level.
    /// Values beyond the scale saturate; NaN is magenta, which the map never uses otherwise.
    public static func rgb(for value: Float, scale: Float) -> RGB {
        if value.isNaN { return .notANumber }
        guard scale > 0, scale.isFinite else { return rgb(neutral256) }
        let t = Double(min(max(value / scale, -1), 1))
        let stops = [neutral256] + (t < 0 ? negative256 : positive256)
        let position = abs(t) * Double(stops.count - 1)
        let lower = min(Int(position), stops.count - 2)
        return rgb(stops[lower]).mixed(with: rgb(stops[lower + 1]), position - Double(lower))
    }

    private static func rgb(_ color: TerminalColor) -> RGB {
        let c = color.approximateRGB ?? (0, 0, 0)
        return RGB(c.red, c.green, c.blue)
    }
}
