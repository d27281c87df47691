import CNCurses
import TerminalUI

/// Maps curses key codes and characters to `Key`s.
enum KeyDecoding {
    static func event(forCharacter code: UInt32) -> InputEvent? {
        switch code {
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 27: return .key(.escape)
        case 1...26: return .key(.control(Character(UnicodeScalar(UInt8(code) + 96))))
        default:
            guard let scalar = UnicodeScalar(code) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    static func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_ENTER: .enter
        case KEY_BTAB: .backTab
        default: nil
        }
    }
}
