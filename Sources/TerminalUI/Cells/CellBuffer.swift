import GatedDeltaNet
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

    /// Sets one cell if it lies inside both the buffer and `clip`.
    public mutating func put(_ cell: Cell, x: Int, y: Int, clip: Rect? = nil) {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        guard area.contains(x: x, y: y) else { return }
        self[x, y] = cell
    }

    /// Writes `text` from (x, y) on one line, clipped; returns the column after the last character.
    /// Control characters (from file names, messages, typed text) are written escaped, as `\x1b`.
    @discardableResult
    public mutating func write(
        _ text: String, x: Int, y: Int, style: CellStyle = .plain, clip: Rect? = nil
    ) -> Int {
        var column = x
        for character in ByteEscaping.escapingControls(text) {
            put(Cell(character, style: style), x: column, y: y, clip: clip)
            column += 1
        }
        return column
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

    /// The characters of row `y` as a string (for tests and plain-text export).
    public func text(ofRow y: Int) -> String {
        String((0..<width).map { self[$0, y].character })
    }

    /// The characters inside `rect`, one string per row.
    public func text(in rect: Rect) -> [String] {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return [] }
        return (area.y..<area.maxY).map { y in
            String((area.x..<area.maxX).map { self[$0, y].character })
        }
    }

    /// The whole buffer as lines of text.
    public var text: String { (0..<height).map { text(ofRow: $0) }.joined(separator: "\n") }
}
