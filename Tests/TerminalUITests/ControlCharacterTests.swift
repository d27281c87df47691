import GatedDeltaNet
@testable import TerminalUI
import Testing
import TextEscaping

/// Whatever text a view writes (a model name, an error message, typed text), no control character
/// lands in a cell: it is written escaped, so the terminal never receives it raw.
@Suite struct ControlCharacterTests {
    func row(_ buffer: CellBuffer, _ y: Int = 0) -> String {
        String((0..<buffer.width).map { buffer[$0, y].character })
    }

    @Test func controlCharactersAreWrittenEscaped() {
        var buffer = CellBuffer(width: 40, height: 1)
        let end = buffer.write("a\u{1b}[2Jb\nc\u{7}\u{9b}d\u{200b}é\\x", x: 0, y: 0)
        let escaped = #"a\x1b[2Jb\nc\x07\xc2\x9bd\xe2\x80\x8bé\x"#
        #expect(row(buffer) == escaped)
        #expect(end == escaped.count, "the escapes take their width, so what follows is placed after them")
        #expect(buffer.cells.allSatisfy { ByteEscaping.isPrintable($0.character) })
    }

    @Test func printableTextIsUnchanged() {
        var buffer = CellBuffer(width: 12, height: 1)
        buffer.write(#"ü ▀ │ a\nb"#, x: 0, y: 0)
        #expect(row(buffer) == #"ü ▀ │ a\nb  "#)
    }
}
