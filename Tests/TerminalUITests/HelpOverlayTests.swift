import Testing
@testable import TerminalUI

@Suite struct HelpOverlayTests {
    @Test(arguments: [TerminalSize(width: 120, height: 40), TerminalSize(width: 100, height: 36)])
    func helpListsEveryKeyAndCommand(size: TerminalSize) {
        var ui = UIState()
        ui.showsHelp = true
        let text = Screen.render(snapshot: sampleSnapshot(), ui: ui, size: size).text
        for binding in KeyMap.standard.bindings {
            #expect(text.contains(binding.key.displayName), "help lacks \(binding.key.displayName)")
            #expect(text.contains(binding.description), "help lacks \(binding.description)")
        }
        for spec in CommandSpec.all {
            #expect(text.contains(spec.usage), "help lacks \(spec.usage)")
        }
        #expect(!text.contains("enlarge"))
    }

    @Test func helpFollowsTheLiveKeyMap() {
        var ui = UIState()
        ui.showsHelp = true
        ui.keyMap.bindings.append(KeyBinding(.character("z"), .explorer(.togglePlay), "zap the tape"))
        let text = Screen.render(snapshot: sampleSnapshot(), ui: ui, size: TerminalSize(width: 120, height: 40)).text
        #expect(text.contains("zap the tape"))
    }

    @Test func arrowsAreSharedByFocus() {
        let map = KeyMap.standard
        #expect(map.action(for: .right, focus: .state) == .ui(.moveCellCursor(rows: 0, columns: 1)))
        #expect(map.action(for: .right, focus: .tokens) == .explorer(.stepForward))
        #expect(map.action(for: .up, focus: .gates) == .explorer(.previousHead))
        #expect(map.action(for: .character("l"), focus: .state) == .explorer(.stepForward))
        #expect(map.action(for: .character("x"), focus: .state) == nil)
    }
}
