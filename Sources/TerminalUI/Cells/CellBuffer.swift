import TextEscaping

/// A width x height grid of cells: what the screen will show. Every view draws into one of these
/// through a clip rectangle, so no view can write outside the pane it was given.
public struct CellBuffer: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, filling cell: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: cell, count: self.width * self.height)
    }

    public init(size: TerminalSize) {
        self.init(width: size.width, height: size.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }
    public var size: TerminalSize { TerminalSize(width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Sets one cell if it lies inside both the buffer and `clip`. Overwriting half of a wide
    /// character blanks the other half, so no cell is left pointing at a character that is gone.
    public mutating func put(_ cell: Cell, x: Int, y: Int, clip: Rect? = nil) {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        guard area.contains(x: x, y: y) else { return }
        if !cell.isContinuation {
            if self[x, y].isContinuation, x > 0 { self[x - 1, y].character = " " }
            if x + 1 < width, self[x + 1, y].isContinuation { self[x + 1, y].isContinuation = false }
        }
        self[x, y] = cell
    }

    /// Writes `text` from (x, y) on one line, clipped; returns the column after the last character.
    /// Control characters (from file names, messages, typed text) are written escaped, as `\x1b`.
    /// A wide character takes two columns (a space when only one is left in the clip), a combining
    /// mark none: it joins the character in the cell before.
    @discardableResult
    public mutating func write(
        _ text: String, x: Int, y: Int, style: CellStyle = .plain, clip: Rect? = nil
    ) -> Int {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        var column = x
        for character in ByteEscaping.escapingControls(text) {
            switch CellWidth.of(character) {
            case 0:
                attach(character, x: column - 1, y: y, clip: area)
            case 2:
                if area.contains(x: column + 1, y: y) {
                    put(Cell(character, style: style), x: column, y: y, clip: area)
                    put(.continuation(style: style), x: column + 1, y: y, clip: area)
                } else {
                    put(Cell(" ", style: style), x: column, y: y, clip: area)
                }
                column += 2
            default:
                put(Cell(character, style: style), x: column, y: y, clip: area)
                column += 1
            }
        }
        return column
    }

    /// Adds a combining mark to the character at (x, y) (or the wide character it continues);
    /// dropped when there is none inside the clip.
    private mutating func attach(_ mark: Character, x: Int, y: Int, clip: Rect) {
        let base = x >= 0 && x < width && y >= 0 && y < height && self[x, y].isContinuation ? x - 1 : x
        guard clip.contains(x: base, y: y) else { return }
        let combined = String(self[base, y].character) + String(mark)
        // Two characters when the mark does not combine with this base: keep the base as it was.
        if combined.count == 1 { self[base, y].character = Character(combined) }
    }

    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { self[x, y] = cell }
        }
    }

    /// Draws a frame on the border of `rect`, with an optional title in the top edge.
    public mutating func drawFrame(
        _ rect: Rect, title: String? = nil, style: CellStyle = .plain, titleStyle: CellStyle? = nil,
        asciiOnly: Bool = false
    ) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let g = asciiOnly
            ? (h: Character("-"), v: Character("|"), tl: Character("+"), tr: Character("+"),
               bl: Character("+"), br: Character("+"))
            : (h: Character("─"), v: Character("│"), tl: Character("┌"), tr: Character("┐"),
               bl: Character("└"), br: Character("┘"))
        for x in rect.x + 1..<rect.maxX - 1 {
            put(Cell(g.h, style: style), x: x, y: rect.y, clip: rect)
            put(Cell(g.h, style: style), x: x, y: rect.maxY - 1, clip: rect)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            put(Cell(g.v, style: style), x: rect.x, y: y, clip: rect)
            put(Cell(g.v, style: style), x: rect.maxX - 1, y: y, clip: rect)
        }
        put(Cell(g.tl, style: style), x: rect.x, y: rect.y, clip: rect)
        put(Cell(g.tr, style: style), x: rect.maxX - 1, y: rect.y, clip: rect)
        put(Cell(g.bl, style: style), x: rect.x, y: rect.maxY - 1, clip: rect)
        put(Cell(g.br, style: style), x: rect.maxX - 1, y: rect.maxY - 1, clip: rect)
        if let title, rect.width > 4 {
            let titleClip = Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1)
            write(" \(title) ", x: rect.x + 1, y: rect.y, style: titleStyle ?? style, clip: titleClip)
        }
    }

    /// The characters of row `y` as a string (for tests and plain-text export); a wide character's
    /// continuation cell adds nothing, so the text reads as written.
    public func text(ofRow y: Int) -> String {
        text(in: Rect(x: 0, y: y, width: width, height: 1)).first ?? ""
    }

    /// The characters inside `rect`, one string per row.
    public func text(in rect: Rect) -> [String] {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return [] }
        return (area.y..<area.maxY).map { y in
            String((area.x..<area.maxX).compactMap { self[$0, y].isContinuation ? nil : self[$0, y].character })
        }
    }

    /// The whole buffer as lines of text.
    public var text: String { (0..<height).map { text(ofRow: $0) }.joined(separator: "\n") }
}
