import Testing
@testable import TerminalUI

struct FakeListing: DirectoryListing {
    var tree: [String: [DirectoryEntry]]
    func entries(inDirectory directory: String) -> [DirectoryEntry] { tree[directory] ?? [] }
}

@Suite struct CommandLineEditorTests {
    let listing = FakeListing(tree: [
        "": [DirectoryEntry(name: "models", isDirectory: true), DirectoryEntry(name: "notes.txt", isDirectory: false),
             DirectoryEntry(name: ".hidden", isDirectory: true)],
        "models/": [DirectoryEntry(name: "tiny-gdn", isDirectory: true), DirectoryEntry(name: "tiny-linear", isDirectory: true),
                    DirectoryEntry(name: "big", isDirectory: true)],
    ])

    func type(_ s: String, into e: inout CommandLineEditor) {
        for c in s { _ = e.handle(.character(c), listing: listing) }
    }

    @Test func editing() {
        var e = CommandLineEditor()
        type("helo", into: &e)
        _ = e.handle(.left, listing: listing)
        type("l", into: &e)
        #expect(e.text == "hello" && e.cursor == 4)
        _ = e.handle(.home, listing: listing)
        type(":", into: &e)
        _ = e.handle(.end, listing: listing)
        _ = e.handle(.backspace, listing: listing)
        #expect(e.text == ":hell")
        _ = e.handle(.left, listing: listing)
        _ = e.handle(.left, listing: listing)
        _ = e.handle(.control("u"), listing: listing)
        #expect(e.text == "ll" && e.cursor == 0)
        #expect(e.handle(.enter, listing: listing) == .submitted("ll"))
        #expect(e.text.isEmpty)
        #expect(e.handle(.backspace, listing: listing) == .cancelled)
    }

    @Test func historyWalksBackAndForwardAndKeepsTheDraft() {
        var e = CommandLineEditor()
        for line in [":layer 1", ":head 2"] {
            type(line, into: &e)
            _ = e.handle(.enter, listing: listing)
        }
        type(":go", into: &e)
        _ = e.handle(.up, listing: listing)
        #expect(e.text == ":head 2")
        _ = e.handle(.up, listing: listing)
        #expect(e.text == ":layer 1")
        _ = e.handle(.up, listing: listing)
        #expect(e.text == ":layer 1")
        _ = e.handle(.down, listing: listing)
        #expect(e.text == ":head 2")
        _ = e.handle(.down, listing: listing)
        #expect(e.text == ":go")
        #expect(e.history == [":layer 1", ":head 2"])
    }

    @Test func completesCommandNames() {
        var e = CommandLineEditor(text: ":la")
        _ = e.handle(.tab, listing: listing)
        #expect(e.text == ":layer ")
        var g = CommandLineEditor(text: ":g")
        _ = g.handle(.tab, listing: listing)
        #expect(g.text == ":g")
        #expect(g.candidates == ["gen", "goto"])
        var s = CommandLineEditor(text: ":sc")
        _ = s.handle(.tab, listing: listing)
        _ = s.handle(.character("a"), listing: listing)
        _ = s.handle(.tab, listing: listing)
        #expect(s.text == ":scale auto ")
    }

    @Test func completesPaths() {
        var e = CommandLineEditor(text: ":load mo")
        _ = e.handle(.tab, listing: listing)
        #expect(e.text == ":load models/")
        _ = e.handle(.character("t"), listing: listing)
        _ = e.handle(.tab, listing: listing)
        #expect(e.text == ":load models/tiny-")
        #expect(e.candidates == ["tiny-gdn", "tiny-linear"])
        _ = e.handle(.character("g"), listing: listing)
        _ = e.handle(.tab, listing: listing)
        #expect(e.text == ":load models/tiny-gdn/")
        var x = CommandLineEditor(text: ":ex n")
        _ = x.handle(.tab, listing: listing)
        #expect(x.text == ":ex notes.txt")
        var h = CommandLineEditor(text: ":load ")
        _ = h.handle(.tab, listing: listing)
        #expect(h.candidates == ["models", "notes.txt"])
    }

    @Test func feedTextIsNotCompleted() {
        var e = CommandLineEditor(text: "mo")
        _ = e.handle(.tab, listing: listing)
        #expect(e.text == "mo")
    }

    @Test func commandLineViewShowsPromptAndScrolls() {
        var ui = UIState()
        ui.apply(.openCommandLine, snapshot: sampleSnapshot(), size: TerminalSize(width: 80, height: 24))
        ui.commandLine.insert(String(repeating: "x", count: 100))
        let buffer = Screen.render(snapshot: sampleSnapshot(), ui: ui, size: TerminalSize(width: 80, height: 24))
        let row = buffer.text(ofRow: 23)
        #expect(row.hasPrefix("> "))
        #expect(buffer[79, 23].attributes.contains(.reverse) || buffer[78, 23].attributes.contains(.reverse))
    }
}
