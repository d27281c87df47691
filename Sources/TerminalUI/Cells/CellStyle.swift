/// Colours and attributes shared by a run of cells.
public struct CellStyle: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: CellAttributes

    public init(
        foreground: TerminalColor = .standard, background: TerminalColor = .standard,
        attributes: CellAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = CellStyle()
    public static let bold = CellStyle(attributes: .bold)
    public static let dim = CellStyle(attributes: .dim)
    public static let reverse = CellStyle(attributes: .reverse)

    public func adding(_ extra: CellAttributes) -> CellStyle {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }
}
