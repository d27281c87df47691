/// How many colours the screen may use. `.monochrome` (NO_COLOR, --no-color) draws every value with
/// glyphs alone; see `DivergingColorMap` for the glyph scheme.
public enum ColorMode: String, CaseIterable, Hashable, Sendable {
    case xterm256
    case ansi16
    case ansi8
    case monochrome

    public var usesColor: Bool { self != .monochrome }

    /// Short name for the status line.
    public var label: String {
        switch self {
        case .xterm256: "256c"
        case .ansi16: "16c"
        case .ansi8: "8c"
        case .monochrome: "mono"
        }
    }

    /// Picks a mode from what the terminal reports. NO_COLOR (any non-empty value, see no-color.org)
    /// or the --no-color flag win over the terminal's colour count.
    public static func detect(
        colorCount: Int, noColorFlag: Bool, environment: [String: String]
    ) -> ColorMode {
        if noColorFlag { return .monochrome }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        switch colorCount {
        case 256...: return .xterm256
        case 16..<256: return .ansi16
        case 8..<16: return .ansi8
        default: return .monochrome
        }
    }
}

/// The rendering choices that every view needs: colours and whether Unicode glyphs may be used.
public struct DisplayOptions: Hashable, Sendable {
    public var colorMode: ColorMode
    public var asciiOnly: Bool

    public init(colorMode: ColorMode = .xterm256, asciiOnly: Bool = false) {
        self.colorMode = colorMode
        self.asciiOnly = asciiOnly
    }

    /// Style for things that should stand out: colour where we have it, bold otherwise.
    public var accent: CellStyle {
        colorMode.usesColor ? CellStyle(foreground: .palette(colorMode == .xterm256 ? 214 : 3),
                                        attributes: .bold) : .bold
    }

    public var frame: CellStyle { colorMode.usesColor ? CellStyle(foreground: .palette(8)) : .plain }
    public var focusedFrame: CellStyle {
        colorMode.usesColor ? CellStyle(foreground: .palette(6), attributes: .bold) : .bold
    }
    public var muted: CellStyle { .dim }
    public var error: CellStyle {
        colorMode.usesColor ? CellStyle(foreground: .palette(1), attributes: .bold) : .reverse
    }
}
