/// One terminal cell: a single-width character and its style.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: CellStyle

    public init(_ character: Character = " ", style: CellStyle = .plain) {
        self.character = character
        self.style = style
    }

    public var foreground: TerminalColor { style.foreground }
    public var background: TerminalColor { style.background }
    public var attributes: CellAttributes { style.attributes }

    public static let blank = Cell()
}
