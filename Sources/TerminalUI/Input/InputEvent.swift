/// A key as the app sees it, independent of any terminal library.
public enum Key: Hashable, Sendable {
    case character(Character)
    /// Ctrl plus a letter, e.g. `.control("u")` for Ctrl-U.
    case control(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, tab, backTab, backspace, delete, escape
    case function(Int)

    /// How help and hints spell the key.
    public var displayName: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .control(let c): "Ctrl-" + String(c).uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Bksp"
        case .delete: "Del"
        case .escape: "Esc"
        case .function(let n): "F\(n)"
        }
    }
}

/// Everything the terminal can report.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    /// A primary-button click at a screen cell.
    case mouse(x: Int, y: Int)
    /// The terminal changed size.
    case resize(TerminalSize)
}
