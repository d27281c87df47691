import Foundation
import GatedDelta
import GatedDeltaNet
@testable import TerminalUI
import Testing

/// The controller without a terminal: every binding of the standard key map and every command of
/// the command line, each checked for what it really does (the state it changes, the effect it
/// returns), on the small sample model and on a lesson.
@Suite struct ControllerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let lessons = root.appendingPathComponent("Samples/lessons")
    static let size = TerminalSize(width: 120, height: 40)

    /// tiny-gdn (2 layers, 2 heads) on "The cat sat" with the cursor on step 5, layer 1, head 1: every
    /// move has room both ways.
    static func modelController(focus: Pane = .tokens) throws -> AppController {
        var explorer = Explorer(model: ExplorerTests.model)
        try explorer.feed("The cat sat")
        explorer.goto(step: 5)
        explorer.select(layer: 1, head: 1)
        return controller(explorer, focus: focus)
    }

    static func lessonController(focus: Pane = .tokens) throws -> AppController {
        var explorer = Explorer(recording: try Lesson.load(named: "interference", in: lessons).recording)
        explorer.goto(step: 2)
        return controller(explorer, focus: focus)
    }

    static func controller(_ explorer: Explorer, focus: Pane) -> AppController {
        var ui = UIState()
        ui.focus = focus
        ui.cellCursor = MatrixPosition(row: 2, column: 2)
        return AppController(explorer: explorer, ui: ui, size: size, lessons: lessons, listing: NoFiles())
    }

    struct NoFiles: DirectoryListing {
        func entries(inDirectory directory: String) -> [DirectoryEntry] { [] }
    }

    static func focus(for binding: KeyBinding) -> Pane {
        switch binding.context {
        case .always, .otherFocused: .tokens
        case .heatmapFocused: .state
        }
    }

    // MARK: - Every key

    @Test(arguments: KeyMap.standard.bindings)
    func everyKeyOnTheModel(binding: KeyBinding) throws {
        var controller = try Self.modelController(focus: Self.focus(for: binding))
        try check(binding, on: &controller)
    }

    @Test(arguments: KeyMap.standard.bindings)
    func everyKeyOnALesson(binding: KeyBinding) throws {
        var controller = try Self.lessonController(focus: Self.focus(for: binding))
        try check(binding, on: &controller)
    }

    /// Presses the binding's key and checks its action's effect, one case per action (no default: a
    /// new action must say here what it does).
    func check(_ binding: KeyBinding, on controller: inout AppController) throws {
        let before = controller
        let effects = controller.handle(.input(.key(binding.key)))
        let (ui, explorer, old) = (controller.ui, controller.explorer, before.explorer)
        #expect(controller.ui.keyMap.action(for: binding.key, focus: before.ui.focus) == binding.action)
        switch binding.action {
        case .quit:
            #expect(effects == [.quit])
            return
        case .ui(let action):
            switch action {
            case .focusNext, .focusPrevious:
                let visible = Layout(size: Self.size, for: controller.snapshot()).visiblePanes
                let i = visible.firstIndex(of: before.ui.focus)!
                let step = action == .focusNext ? 1 : visible.count - 1
                #expect(ui.focus == visible[(i + step) % visible.count])
            case .toggleReadout:
                #expect(ui.showsReadout != before.ui.showsReadout)
            case .moveCellCursor(let rows, let columns):
                let moved = (ui.cellCursor.row - 2, ui.cellCursor.column - 2)
                // Along the screen direction: the matrix axis may be transposed, the step pooled.
                #expect(moved.0.signum() + moved.1.signum() == rows.signum() + columns.signum())
                #expect(moved != (0, 0) && ui.showsReadout)
            case .selectCell:
                Issue.record("no key selects a cell: \(binding)")
            case .toggleScaleLock:
                #expect(ui.scaleMode == .locked(controller.snapshot().state?.maxAbs ?? 1))
            case .cycleColorMode:
                #expect(ui.display.colorMode != before.ui.display.colorMode)
            case .toggleHelp:
                #expect(ui.showsHelp)
                #expect(controller.frame().text.contains(binding.description))
            case .openCommandLine:
                #expect(ui.isEditingCommand && ui.commandLine.text == ":")
            case .openTextInput:
                #expect(ui.isEditingCommand && ui.commandLine.text.isEmpty)
            }
        case .explorer(let action):
            switch action {
            case .stepForward:
                #expect(explorer.cursor == old.cursor + 1)
            case .stepBackward:
                #expect(explorer.cursor == old.cursor - 1)
            case .togglePlay:
                #expect(explorer.playState == .playing && controller.playInterval == 1 / explorer.speed)
                // The clock then steps it.
                #expect(controller.handle(.tick) == [.redraw])
                #expect(controller.explorer.cursor == old.cursor + 1)
            case .faster:
                #expect(explorer.speed == old.speed * 2)
            case .slower:
                #expect(explorer.speed == old.speed / 2)
            case .previousLayer:
                #expect(explorer.layer == max(old.layer - 1, 0))
            case .nextLayer:
                #expect(explorer.layer == min(old.layer + 1, old.layerCount - 1))
            case .previousHead:
                #expect(explorer.head == max(old.head - 1, 0))
            case .nextHead:
                #expect(explorer.head == min(old.head + 1, old.headCount - 1))
            case .cycleView:
                #expect(explorer.teaching.view == old.teaching.view.next)
                #expect(controller.snapshot().rules != nil || explorer.teaching.view != .rules)
            case .toggleRecall:
                #expect(explorer.teaching.showsRecall != old.teaching.showsRecall)
                #expect((controller.snapshot().recall != nil) == explorer.teaching.showsRecall)
            case .selectRule(let rule):
                #expect(explorer.teaching.selectedRule == rule && explorer.teaching.view == .rules)
                #expect(controller.snapshot().rules?.panels.first { $0.isSelected }?.rule == rule)
            case .toggleForceAlpha:
                #expect(explorer.teaching.overrides[explorer.teaching.selectedRule]?.forcesAlphaOne == true)
                #expect(explorer.teaching.view == .rules)
            case .cycleForceBeta:
                #expect(explorer.teaching.overrides[explorer.teaching.selectedRule]?.forcedBeta == 0)
                #expect(explorer.teaching.view == .rules)
            case .moveProbe(let steps):
                #expect(explorer.teaching.probe == min(max(old.cursor + steps, 0), old.cursor))
                #expect(explorer.teaching.showsRecall)
            }
        }
        #expect(effects == [.redraw])
    }

    @Test func steppingPastTheEndGeneratesOnAModelAndStopsOnALesson() throws {
        var model = try Self.modelController()
        _ = model.handle(.submit(":goto 99"))
        let count = model.explorer.count
        #expect(model.handle(.input(.key(.character("l")))) == [.redraw])
        #expect(model.explorer.count == count + 1 && model.explorer.origins.last == .generated)
        var lesson = try Self.lessonController()
        _ = lesson.handle(.submit(":goto 99"))
        _ = lesson.handle(.input(.key(.character(" "))))
        _ = lesson.handle(.tick)
        #expect(lesson.explorer.playState == .paused && lesson.explorer.cursor == lesson.explorer.count - 1)
    }

    @Test func helpClosesOnAnyOtherKeyAndEscOrQOnlyClose() throws {
        var controller = try Self.modelController()
        _ = controller.handle(.input(.key(.character("?"))))
        #expect(controller.handle(.input(.key(.character("q")))) == [.redraw])
        #expect(!controller.ui.showsHelp)
        _ = controller.handle(.input(.key(.character("?"))))
        let cursor = controller.explorer.cursor
        _ = controller.handle(.input(.key(.character("h"))))
        #expect(!controller.ui.showsHelp && controller.explorer.cursor == cursor - 1)
    }

    @Test func typedTextIsFedWhenEnterIsPressed() throws {
        var controller = try Self.modelController()
        let count = controller.explorer.count
        for key in [Key.character("i"), .character("a"), .character("b"), .enter] {
            _ = controller.handle(.input(.key(key)))
        }
        #expect(controller.explorer.count == count + 2 && !controller.ui.isEditingCommand)
        for key in [Key.character(":"), .character("x"), .escape] { _ = controller.handle(.input(.key(key))) }
        #expect(!controller.ui.isEditingCommand && controller.explorer.count == count + 2)
    }

    @Test func aClickSelectsTheCellDrawnThere() throws {
        var controller = try Self.modelController()
        let snapshot = controller.snapshot()
        let hit = (0..<Self.size.height).lazy.flatMap { y in (0..<Self.size.width).lazy.map { (x: $0, y: y) } }
            .compactMap { p in Screen.action(forClickAt: p.x, y: p.y, snapshot: snapshot, ui: controller.ui, size: Self.size).map { (p, $0) } }
            .dropFirst(40).first
        let (point, action) = try #require(hit)
        guard case .selectCell(let row, let column) = action else { Issue.record("\(action)"); return }
        #expect(controller.handle(.input(.mouse(x: point.x, y: point.y))) == [.redraw])
        #expect(controller.ui.cellCursor == MatrixPosition(row: row, column: column))
        #expect(controller.ui.focus == .state && controller.ui.showsReadout)
    }

    @Test func aResizeRepaintsAtTheNewSize() throws {
        var controller = try Self.modelController()
        #expect(controller.handle(.input(.resize(TerminalSize(width: 80, height: 24)))) == [.repaint])
        #expect(controller.frame().size == TerminalSize(width: 80, height: 24))
        #expect(controller.handle(.tick) == [], "paused: the clock does nothing")
    }

    // MARK: - Every command

    /// One check per command of `CommandSpec.all`, each driven by a typed line on the model.
    @Test(arguments: CommandSpec.all.map(\.name))
    func everyCommandOnTheModel(name: String) throws {
        var c = try Self.modelController()
        switch name {
        case "help":
            #expect(c.handle(.submit(":help")) == [.redraw] && c.ui.showsHelp)
        case "load":
            let effects = c.handle(.submit(":load tiny-gdn"))
            guard case .startWork(let work) = effects.first else { Issue.record("\(effects)"); return }
            #expect(work.kind == .loadModel(path: "tiny-gdn") && work.label == "loading tiny-gdn" && c.isBusy)
            // Busy: explorer keys and commands wait, and say why.
            _ = c.handle(.submit(":goto 1"))
            #expect(c.explorer.message?.text.hasPrefix("busy: loading tiny-gdn") == true && c.explorer.cursor == 4)
            var copy = c.explorer
            try work.run(on: &copy, loadModel: { path in
                #expect(path == "tiny-gdn")
                return ExplorerTests.model
            })
            #expect(c.handle(.workFinished(work, .success(copy))) == [.redraw])
            #expect(!c.isBusy && c.explorer.count == 11 && c.explorer.cursor == 10)
            #expect(c.snapshot().tokens.map(\.piece).joined() == "The cat sat")
        case "prompt":
            _ = c.handle(.submit(":prompt hello"))
            #expect(c.explorer.count == 5 && c.snapshot().tokens.map(\.piece).joined() == "hello")
        case "reset":
            _ = c.handle(.submit(":reset"))
            #expect(c.explorer.count == 0 && c.snapshot().state == nil)
        case "gen":
            _ = c.handle(.submit(":gen 3"))
            #expect(c.explorer.count == 14 && c.explorer.origins.suffix(3) == [.generated, .generated, .generated])
            // A long generation goes to the background, with progress.
            let effects = c.handle(.submit(":gen 65"))
            guard case .startWork(let work) = effects.first else { Issue.record("\(effects)"); return }
            #expect(work.kind == .generate(count: 65))
            var copy = c.explorer
            try work.run(on: &copy, loadModel: { _ in throw ModelError("no") })
            #expect(work.status.progressText == "generating 100% (65/65)")
            _ = c.handle(.workFinished(work, .success(copy)))
            #expect(c.explorer.count == 79)
        case "goto":
            _ = c.handle(.submit(":goto 2"))
            #expect(c.explorer.cursor == 1)
        case "layer":
            _ = c.handle(.submit(":layer 0"))
            #expect(c.explorer.layer == 0)
            _ = c.handle(.submit(":layer 9"))
            #expect(c.explorer.layer == 0 && c.explorer.message?.text == "layer 9 does not exist: 0...1")
        case "head":
            _ = c.handle(.submit(":head 0"))
            #expect(c.explorer.head == 0)
            _ = c.handle(.submit(":head 9"))
            #expect(c.explorer.message?.kind == .error)
        case "scale":
            _ = c.handle(.submit(":scale 0.5"))
            #expect(c.ui.scaleMode == .fixed(0.5))
            _ = c.handle(.submit(":scale locked"))
            #expect(c.ui.scaleMode == .locked(c.snapshot().state?.maxAbs ?? 1))
        case "set":
            _ = c.handle(.submit(":set temperature 0.7"))
            _ = c.handle(.submit(":set top-k 5"))
            _ = c.handle(.submit(":set speed 16"))
            #expect(c.explorer.sampling.temperature == 0.7 && c.explorer.sampling.topK == 5 && c.explorer.speed == 16)
        case "export":
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-controller-\(UUID()).csv").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let effects = c.handle(.submit(":export \(path)"))
            guard case .export(let request) = effects.first else { Issue.record("\(effects)"); return }
            #expect(request.path == path && request.snapshot.tokens.count == 11)
            let written = Result { try request.write() }
            #expect(c.handle(.exported(written)) == [.redraw])
            #expect(c.explorer.message?.text == "wrote \(path)")
            let csv = try String(contentsOfFile: path, encoding: .utf8)
            #expect(csv.contains("token_piece,1,,1,,,\"T\"") && csv.contains("next_token,"))
        case "view":
            _ = c.handle(.submit(":view erasure"))
            #expect(c.explorer.teaching.view == .erasure && c.snapshot().erasure != nil)
        case "lesson":
            _ = c.handle(.submit(":lesson interference"))
            #expect(c.explorer.recording?.name == "lesson interference" && c.explorer.model == nil)
            #expect(c.explorer.message?.text == "lesson interference: l steps, v views, r recall")
            _ = c.handle(.submit(":lesson no-such-lesson"))
            #expect(c.explorer.message?.kind == .error)
        case "probe":
            _ = c.handle(.submit(":probe 2"))
            #expect(c.explorer.teaching.probe == 1 && c.explorer.teaching.showsRecall)
        case "quit":
            #expect(c.handle(.submit(":quit")) == [.quit])
        default:
            Issue.record("no check for the command :\(name)")
        }
    }

    /// Every command on a lesson (4 steps, one layer and head, no model): the model's commands say
    /// there is none, the others act as on a model.
    @Test(arguments: CommandSpec.all.map(\.name))
    func everyCommandOnALesson(name: String) throws {
        var c = try Self.lessonController()
        func refused(_ line: String) {
            _ = c.handle(.submit(line))
            #expect(c.explorer.message?.text.hasPrefix("no model: lesson interference only steps") == true, "\(line)")
            #expect(c.explorer.count == 4 && c.explorer.recording != nil)
        }
        switch name {
        case "help":
            #expect(c.handle(.submit(":help")) == [.redraw] && c.ui.showsHelp)
        case "load":
            let effects = c.handle(.submit(":load tiny-gdn"))
            guard case .startWork(let work) = effects.first else { Issue.record("\(effects)"); return }
            var copy = c.explorer
            try work.run(on: &copy, loadModel: { _ in ExplorerTests.model })
            _ = c.handle(.workFinished(work, .success(copy)))
            #expect(c.explorer.model != nil && c.explorer.count == 0, "a model, with no text yet")
        case "prompt":
            refused(":prompt hello")
        case "reset":
            _ = c.handle(.submit(":reset"))
            #expect(c.explorer.cursor == 0 && c.explorer.count == 4)
        case "gen":
            refused(":gen 3")
        case "goto":
            _ = c.handle(.submit(":goto 4"))
            #expect(c.explorer.cursor == 3 && c.snapshot().narration != nil)
        case "layer":
            _ = c.handle(.submit(":layer 1"))
            #expect(c.explorer.message?.text == "layer 1 does not exist: 0...0")
        case "head":
            _ = c.handle(.submit(":head 0"))
            #expect(c.explorer.head == 0 && c.explorer.message == nil)
        case "scale":
            _ = c.handle(.submit(":scale 2"))
            #expect(c.ui.scaleMode == .fixed(2))
        case "set":
            _ = c.handle(.submit(":set speed 1"))
            #expect(c.explorer.speed == 1)
        case "export":
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("gdn-lesson-\(UUID()).json").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            guard case .export(let request) = c.handle(.submit(":export \(path)")).first else { Issue.record("no export"); return }
            _ = c.handle(.exported(Result { try request.write() }))
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
            #expect((json?["token_text"] as? [String])?.first == "cat:red")
            #expect((json?["tokens"] as? [Any])?.allSatisfy { $0 is NSNull } == true, "named steps have no ids")
        case "view":
            _ = c.handle(.submit(":view erasure"))
            #expect(c.snapshot().erasure != nil)
        case "lesson":
            _ = c.handle(.submit(":lesson gating"))
            #expect(c.explorer.recording?.name == "lesson gating" && c.explorer.cursor == 0)
        case "probe":
            _ = c.handle(.submit(":probe 1"))
            #expect(c.explorer.teaching.probe == 0 && c.snapshot().recall != nil)
        case "quit":
            #expect(c.handle(.submit(":quit")) == [.quit])
        default:
            Issue.record("no check for the command :\(name)")
        }
    }

    @Test func textWithoutAColonIsFedAndALongTextInTheBackground() throws {
        var controller = try Self.modelController()
        #expect(controller.handle(.submit("ab")) == [.redraw] && controller.explorer.count == 13)
        let long = String(repeating: "x", count: AppController.backgroundThreshold + 1)
        let effects = controller.handle(.submit(long))
        guard case .startWork(let work) = effects.first else { Issue.record("\(effects)"); return }
        #expect(work.kind == .prefill(tokens: Array(repeating: 0x78, count: 513)) && work.label == "prefill")
        #expect(controller.snapshot().busy == "prefill...")
        var copy = controller.explorer
        try work.run(on: &copy, loadModel: { _ in throw ModelError("no") })
        #expect(work.status.progressText == "prefill 100% (513/513)")
        _ = controller.handle(.workFinished(work, .success(copy)))
        #expect(controller.explorer.count == 13 + 513 && controller.snapshot().busy == nil)
    }

    @Test func quitCancelsTheWorkInFlight() throws {
        var controller = try Self.modelController()
        let effects = controller.handle(.submit(String(repeating: "y", count: 2000)))
        guard case .startWork(let work) = effects.first else { Issue.record("\(effects)"); return }
        #expect(controller.handle(.input(.key(.character("q")))) == [.quit])
        #expect(work.status.isCancelled)
        var copy = controller.explorer
        try work.run(on: &copy, loadModel: { _ in throw ModelError("no") })
        #expect(copy.count == 11, "a cancelled prefill stops at its first check")
    }

    @Test func aFailedWorkIsAMessage() throws {
        var controller = try Self.modelController()
        _ = controller.handle(.submit(":load nowhere"))
        #expect(controller.handle(.workFinished(try #require(controller.work), .failure(ModelError("nowhere: no such model")))) == [.redraw])
        #expect(controller.explorer.message == .init(.error, "nowhere: no such model") && !controller.isBusy)
    }

    @Test func theLessonRefusesTextAndCommandsWork() throws {
        var controller = try Self.lessonController()
        _ = controller.handle(.submit("more"))
        #expect(controller.explorer.message?.text.hasPrefix("no model: lesson interference only steps") == true)
        _ = controller.handle(.submit(":gen 2"))
        #expect(controller.explorer.message?.kind == .error && controller.explorer.count == 4)
        _ = controller.handle(.submit(":view rules"))
        #expect(controller.snapshot().rules != nil)
    }

    /// In a long session the teaching views' window is prepared in the background: the frame says
    /// so, the keys stay live, and the views appear when it is done.
    @Test func longTeachingWindowsArePreparedInTheBackground() throws {
        var explorer = Explorer(model: ExplorerTests.model)
        try explorer.feed(String(repeating: "window ", count: 200))
        var controller = Self.controller(explorer, focus: .tokens)
        let effects = controller.handle(.input(.key(.character("v"))))
        guard case .startWork(let work) = effects.dropFirst().first, case .teachingStreams(let steps) = work.kind else {
            Issue.record("\(effects)")
            return
        }
        #expect(steps == 376...1399 && controller.analysis == work && !controller.isBusy)
        #expect(controller.snapshot().rules == nil && controller.snapshot().busy == "analysing...")
        _ = controller.handle(.input(.key(.character("h"))))
        #expect(controller.explorer.cursor == 1398, "the keys act meanwhile")
        var copy = controller.explorer
        try work.run(on: &copy, loadModel: { _ in throw ModelError("no") })
        #expect(controller.handle(.workFinished(work, .success(copy))) == [.redraw])
        #expect(controller.analysis == nil && controller.snapshot().rules != nil && controller.snapshot().busy == nil)
        // The recall strip reads the same window: nothing more to prepare.
        _ = controller.handle(.input(.key(.character("r"))))
        #expect(controller.analysis == nil && controller.snapshot().recall != nil)
        // Streams prepared for a source that has changed since are not taken.
        _ = controller.handle(.submit(":goto 1"))
        let stale = try #require(controller.analysis)
        var old = controller.explorer
        _ = controller.handle(.submit("more"))
        old.prepareStreams()
        _ = controller.handle(.workFinished(stale, .success(old)))
        #expect(controller.snapshot().rules == nil, "the old generation's streams were not taken")
        #expect(controller.analysis != nil && controller.analysis != stale, "and the new ones are being prepared")
    }
}
