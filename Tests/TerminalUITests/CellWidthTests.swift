#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import TerminalUI

/// Wide characters take two cells (the second a continuation), combining marks none (they join the
/// cell before), and the table agrees with the C library's wcwidth under C.UTF-8.
@Suite(.serialized) struct CellWidthTests {
    static let samples: [(Character, Int)] = [
        ("a", 1), ("é", 1), ("ü", 1), ("▀", 1), ("│", 1), ("α", 1), ("Ж", 1),
        ("日", 2), ("本", 2), ("한", 2), ("ア", 2), ("Ａ", 2), ("。", 2), ("🙂", 2), ("🐈", 2), ("🚀", 2),
        ("\u{301}", 0), ("\u{308}", 0), ("\u{20DD}", 0),
    ]

    @Test func widthsOfTheSamples() {
        for (character, width) in Self.samples {
            #expect(CellWidth.of(character) == width, "\(character.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(CellWidth.of("日本 é") == 6)
    }

    #if canImport(Glibc)
    /// glibc's wcwidth (not exported by the Glibc module's headers), looked up at run time.
    static let wcwidth: @convention(c) (wchar_t) -> Int32 = {
        let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth")   // RTLD_DEFAULT
        return unsafeBitCast(symbol!, to: (@convention(c) (wchar_t) -> Int32).self)
    }()

    @Test func agreesWithGlibcUnderCUTF8() throws {
        let saved = String(cString: setlocale(LC_CTYPE, nil))
        defer { setlocale(LC_CTYPE, saved) }
        try #require(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        for (character, width) in Self.samples {
            let scalar = character.unicodeScalars.first!
            #expect(Int(Self.wcwidth(wchar_t(scalar.value))) == width, "U+\(String(scalar.value, radix: 16))")
        }
    }
    #endif

    @Test func aWideCharacterTakesTwoCellsAndTheTextReadsAsWritten() {
        var buffer = CellBuffer(width: 10, height: 1)
        let end = buffer.write("a日b🙂", x: 0, y: 0)
        #expect(end == 6)
        #expect(buffer[1, 0].character == "日" && buffer[2, 0].isContinuation)
        #expect(buffer[4, 0].character == "🙂" && buffer[5, 0].isContinuation)
        #expect(buffer.text(ofRow: 0) == "a日b🙂    ")
    }

    @Test func aCombiningMarkJoinsTheCellBefore() {
        var buffer = CellBuffer(width: 6, height: 1)
        // Written apart, as two token pieces would be: the mark still joins the e.
        var x = buffer.write("e", x: 0, y: 0)
        x = buffer.write("\u{301}", x: x, y: 0)
        #expect(x == 1)
        buffer.write("x", x: x, y: 0)
        #expect(buffer[0, 0].character == "e\u{301}" && buffer[1, 0].character == "x")
        #expect(buffer.text(ofRow: 0) == "éx    ")
    }

    @Test func aWideCharacterThatDoesNotFitIsASpaceAndHalvesAreNeverLeftBehind() {
        var buffer = CellBuffer(width: 3, height: 1)
        buffer.write("ab日", x: 0, y: 0)
        #expect(buffer.text(ofRow: 0) == "ab " && !buffer[2, 0].isContinuation)
        buffer.write("日", x: 0, y: 0)
        buffer.write("z", x: 1, y: 0)   // over the right half: the left half goes too
        #expect(buffer.text(ofRow: 0) == " z " && buffer.cells.allSatisfy { !$0.isContinuation })
        buffer.write("日", x: 1, y: 0)
        buffer.write("q", x: 1, y: 0)   // over the left half: the right half goes too
        #expect(buffer.text(ofRow: 0) == " q " && buffer.cells.allSatisfy { !$0.isContinuation })
    }

    @Test func tokenPiecesOfWideTextLineUpWithTheirRecallBars() {
        let tokens = ["日本", "語", "é", "x"].map { Token(id: 1, piece: $0, origin: .user) }
        var buffer = CellBuffer(width: 30, height: 3)
        TokenStripView(tokens: tokens, cursor: 3, options: DisplayOptions(colorMode: .monochrome))
            .draw(into: &buffer, in: buffer.bounds)
        #expect(buffer.text(ofRow: 1).hasPrefix("│日本語éx"))
    }
}
