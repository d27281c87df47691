import Foundation
import GatedDeltaNet
import NCursesTerminal
import TerminalUI

/// The event loop: terminal I/O, the play clock and threads around the `AppController`, which
/// decides what every event means. It draws the controller's frame, hands it events, and carries out
/// the effects it returns.
final class AppLoop {
    private var controller: AppController
    private let terminal: Terminal
    private var runners: [BackgroundRunner] = []
    private var lastStep = Date()
    private var dirty = true

    init(controller: AppController, terminal: Terminal) {
        self.controller = controller
        self.terminal = terminal
    }

    func run() {
        while true {
            for runner in runners {
                guard let result = runner.result else { continue }
                runners.removeAll { $0 === runner }
                if perform(controller.handle(.workFinished(runner.work, result))) { return }
            }
            if dirty {
                terminal.draw(controller.frame())
                dirty = false
            }
            let interval = controller.playInterval
            let timeout = interval.map { max(1, Int(($0 - Date().timeIntervalSince(lastStep)) * 1000)) }
                ?? (runners.isEmpty ? 1000 : 100)
            guard let event = terminal.nextEvent(timeoutMilliseconds: timeout) else {
                if let interval, Date().timeIntervalSince(lastStep) >= interval {
                    lastStep = Date()
                    if perform(controller.handle(.tick)) { return }
                }
                if !runners.isEmpty { dirty = true }   // the progress moves on
                continue
            }
            let wasPlaying = interval != nil
            if perform(controller.handle(.input(event))) { return }
            if !wasPlaying, controller.playInterval != nil { lastStep = .distantPast }   // first step at once
        }
    }

    /// Begins with a text fed to the model, in the background when long, so the screen is up at once.
    func start(feeding bytes: [UInt8]) { _ = perform(controller.start(feeding: bytes)) }

    /// Carries out the effects; true when the app is to quit.
    private func perform(_ effects: [Effect]) -> Bool {
        for effect in effects {
            switch effect {
            case .redraw:
                dirty = true
            case .repaint:
                terminal.invalidate()
                dirty = true
            case .quit:
                return true
            case .startWork(let work):
                runners.append(BackgroundRunner(work, on: controller.explorer))
            case .export(let request):
                let result = Result { try request.write() }
                if perform(controller.handle(.exported(result))) { return true }
            }
        }
        return false
    }

    /// Starts the terminal, runs the loop on `explorer` (first feeding `bytes`, in the background when
    /// long) and always restores the terminal: what `tui`, `lesson` and `open` share.
    static func launch(_ explorer: Explorer, noColor: Bool, ascii: Bool, feeding bytes: [UInt8]? = nil) throws {
        let environment = ProcessInfo.processInfo.environment
        do { try Terminal.checkUsable(environment: environment) } catch {
            throw ModelError("\(error); to run without a terminal use `gdn-tui run --prompt TEXT`")
        }
        let terminal = Terminal()
        let mode = try terminal.start(noColorFlag: noColor, environment: environment)
        defer { terminal.stop() }
        var ui = UIState(display: DisplayOptions(colorMode: mode, asciiOnly: ascii))
        ui.focus = .tokens
        let controller = AppController(explorer: explorer, ui: ui, size: terminal.size, lessons: SampleModels.lessons)
        let loop = AppLoop(controller: controller, terminal: terminal)
        if let bytes { loop.start(feeding: bytes) }
        loop.run()
    }
}
