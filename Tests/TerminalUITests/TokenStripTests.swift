import Testing
@testable import TerminalUI

@Suite struct TokenStripTests {
    @Test func controlBytesAreEscaped() {
        #expect(Token(byte: 0x0a, origin: .user).displayText == "\\n")
        #expect(Token(byte: 0x1b, origin: .user).displayText == "\\x1b")
        #expect(Token(byte: 0x07, origin: .user).displayText == "\\x07")
        #expect(Token(byte: 0x7f, origin: .user).displayText == "\\x7f")
        #expect(Token(byte: 0xe2, origin: .user).displayText == "\\xe2")
        #expect(Token(byte: 0x41, origin: .user).displayText == "A")
    }

    @Test func stripNeverContainsRawControlCharacters() {
        let tokens = ([0x1b, 0x5b, 0x32, 0x4a, 0x0a, 0x07, 0x00, 0x9b] as [UInt8]).map { Token(byte: $0, origin: .user) }
        var buffer = CellBuffer(width: 60, height: 3)
        TokenStripView(tokens: tokens, cursor: 0, options: DisplayOptions()).draw(into: &buffer, in: buffer.bounds)
        for cell in buffer.cells {
            for scalar in cell.character.unicodeScalars {
                #expect(scalar.value >= 0x20 && scalar.value != 0x7f && !(0x80..<0xa0).contains(scalar.value))
            }
        }
        #expect(buffer.text(ofRow: 1).contains("\\x1b[2J\\n\\x07\\0\\x9b"))
    }

    @Test func cursorIsHighlightedAndKeptVisible() {
        let tokens = (0..<300).map { Token(byte: UInt8(0x61 + $0 % 26), origin: $0 < 150 ? .user : .generated) }
        var buffer = CellBuffer(width: 40, height: 3)
        TokenStripView(tokens: tokens, cursor: 250, options: DisplayOptions()).draw(into: &buffer, in: buffer.bounds)
        let reversed = (0..<40).filter { buffer[$0, 1].attributes.contains(.reverse) }
        #expect(reversed.count == 1)
        #expect(buffer[reversed[0], 1].character == Character(UnicodeScalar(UInt8(0x61 + 250 % 26))))
        #expect(buffer.text(ofRow: 0).contains("t 251 / 300"))
        // Generated tokens look different from user tokens.
        #expect(buffer[reversed[0] - 1, 1].style.foreground != .standard)
    }

    @Test func userAndGeneratedDifferWithoutColourToo() {
        let tokens = [Token(byte: 0x61, origin: .user), Token(byte: 0x62, origin: .generated), Token(byte: 0x63, origin: .user)]
        var buffer = CellBuffer(width: 30, height: 3)
        TokenStripView(tokens: tokens, cursor: 2, options: DisplayOptions(colorMode: .monochrome))
            .draw(into: &buffer, in: buffer.bounds)
        #expect(buffer[1, 1].style != buffer[2, 1].style)
    }
}
