@testable import TerminalUI
import Testing

/// The hints on screen are spelled from the key map: the standard one gives the familiar lines, and
/// rebinding a key changes every hint that names it.
@Suite struct KeyHintTests {
    @Test func theStandardMapGivesTheFamiliarHints() {
        let map = KeyMap.standard
        #expect(map.commandLineHint == ": command   i type text   Tab next pane   ? help")
        #expect(map.statusHint == "? help  : cmd  q quit")
        #expect(map.lessonHint == "l steps, v views, r recall")
        #expect(map.rulesHint(asciiOnly: false) == "1-4 pick  a α=1  b β 0/1")
        #expect(map.rulesHint(asciiOnly: true) == "1-4 pick  a a=1  b b 0/1")
        #expect(map.emptyTokensHint == "no tokens: type i then text, or :prompt TEXT")
        #expect(map.tooSmallHint == "enlarge it, or press q to quit")
    }

    @Test func aReboundKeyChangesTheHintsOnScreen() {
        var ui = UIState()
        ui.keyMap.bindings = ui.keyMap.bindings.map { binding in
            var binding = binding
            if binding.action == .ui(.openCommandLine) { binding.key = .character(";") }
            if binding.action == .explorer(.toggleForceAlpha) { binding.key = .character("A") }
            if binding.action == .quit { binding.key = .control("q") }
            return binding
        }
        var snapshot = sampleSnapshot()
        snapshot.rules = nil
        let screen = Screen.render(snapshot: snapshot, ui: ui, size: TerminalSize(width: 120, height: 40)).text
        #expect(screen.contains("; command   i type text") && screen.contains("? help  ; cmd  Ctrl-Q quit"))
        #expect(ui.keyMap.rulesHint(asciiOnly: false) == "1-4 pick  A α=1  b β 0/1")
        let small = Screen.render(snapshot: snapshot, ui: ui, size: TerminalSize(width: 50, height: 8)).text
        #expect(small.contains("press Ctrl-Q to quit"))
    }
}
