/// One terminal cell: a character (with any combining marks it carries) and its style. A wide
/// character (CJK, emoji) takes two cells: its own and a continuation cell after it, which the
/// terminal fills and which holds nothing of its own.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: CellStyle
    /// The right half of the wide character in the cell before.
    public var isContinuation = false

    public init(_ character: Character = " ", style: CellStyle = .plain) {
        self.character = character
        self.style = style
    }

    /// The right half of a wide character.
    public static func continuation(style: CellStyle) -> Cell {
        var cell = Cell(" ", style: style)
        cell.isContinuation = true
        return cell
    }

    public var foreground: TerminalColor { style.foreground }
    public var background: TerminalColor { style.background }
    public var attributes: CellAttributes { style.attributes }

    public static let blank = Cell()
}
