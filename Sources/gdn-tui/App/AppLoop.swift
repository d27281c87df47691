import Foundation
import GatedDeltaNet
import NCursesTerminal
import TerminalUI

/// The event loop: draws the pure render of the explorer and UI state, turns input into actions and
/// commands, steps while playing, and hands long model work to `BackgroundWork`.
final class AppLoop {
    private var explorer: Explorer
    private var ui: UIState
    private let terminal: Terminal
    private var work: BackgroundWork?
    private var lastStep = Date()
    /// Text longer than this is fed in the background, with progress on screen.
    static let backgroundThreshold = 512

    init(explorer: Explorer, ui: UIState, terminal: Terminal) {
        self.explorer = explorer
        self.ui = ui
        self.terminal = terminal
    }

    func run() {
        var dirty = true
        while true {
            if let work, let result = work.result {
                self.work = nil
                switch result {
                case .success(let finished): explorer = finished
                case .failure(let error): explorer.message = .init(.error, "\(error)")
                }
                dirty = true
            }
            if dirty {
                terminal.draw(render())
                dirty = false
            }
            let playing = explorer.playState == .playing && work == nil
            let interval = 1 / explorer.speed
            let timeout = playing ? max(1, Int((interval - Date().timeIntervalSince(lastStep)) * 1000))
                : work != nil ? 100 : 1000
            guard let event = terminal.nextEvent(timeoutMilliseconds: timeout) else {
                if playing, Date().timeIntervalSince(lastStep) >= interval {
                    lastStep = Date()
                    attempt { try $0.perform(.stepForward) }
                    dirty = true
                }
                if work != nil { dirty = true }
                continue
            }
            dirty = true
            if handle(event) == .quit { return }
        }
    }

    private enum Flow { case proceed, quit }

    private func render() -> CellBuffer {
        Screen.render(snapshot: explorer.snapshot(busy: work?.progressText), ui: ui, size: terminal.size)
    }

    private func handle(_ event: InputEvent) -> Flow {
        let size = terminal.size
        switch event {
        case .resize:
            terminal.invalidate()
        case .mouse(let x, let y):
            if let action = Screen.action(forClickAt: x, y: y, snapshot: explorer.snapshot(), ui: ui, size: size) {
                ui.apply(action, snapshot: explorer.snapshot(), size: size)
            }
        case .key(let key):
            if ui.isEditingCommand {
                switch ui.commandLine.handle(key, listing: FileSystemListing()) {
                case .submitted(let line):
                    ui.isEditingCommand = false
                    switch CommandParser.parse(line) {
                    case .success(let command): return run(command)
                    case .failure(let error): explorer.message = .init(.error, error.message)
                    }
                case .cancelled:
                    ui.isEditingCommand = false
                case .editing:
                    break
                }
                return .proceed
            }
            if ui.showsHelp, key != .character("?"), key != .function(1) {
                ui.showsHelp = false   // any other key closes help
                if key == .escape || key == .character("q") { return .proceed }
            }
            explorer.message = nil
            guard let action = ui.keyMap.action(for: key, focus: ui.focus) else { return .proceed }
            if action == .quit { return .quit }
            if ui.apply(action, snapshot: explorer.snapshot(), size: size) { return .proceed }
            guard work == nil else {
                explorer.message = .init(.info, "busy: \(work!.progressText)")
                return .proceed
            }
            if action == .togglePlay { lastStep = .distantPast }
            attempt { try $0.perform(action) }
        }
        return .proceed
    }

    private func run(_ command: Command) -> Flow {
        explorer.message = nil
        if work != nil, command != .quit, command != .help {
            explorer.message = .init(.info, "busy: \(work!.progressText)")
            return .proceed
        }
        switch command {
        case .quit:
            return .quit
        case .help:
            ui.showsHelp = true
        case .feed(let text):
            feed(Array(text.utf8))
        case .prompt(let text):
            explorer.reset()
            feed(Array(text.utf8))
        case .reset:
            explorer.reset()
        case .generate(let count):
            explorer.pause()
            if count > 64 {
                work = BackgroundWork(label: "generating", explorer: explorer) { explorer, work in
                    for i in 0..<count {
                        try explorer.generate(1)
                        work.report(i + 1, of: count)
                    }
                }
            } else {
                attempt { try $0.generate(count) }
            }
        case .goto(let step):
            explorer.goto(step: step)
        case .layer(let n):
            guard n < explorer.layerCount else {
                explorer.message = .init(.error, "layer \(n) does not exist: 0...\(explorer.layerCount - 1)")
                break
            }
            explorer.select(layer: n, head: explorer.head)
        case .head(let n):
            guard n < explorer.headCount else {
                explorer.message = .init(.error, "head \(n) does not exist: 0...\(explorer.headCount - 1)")
                break
            }
            explorer.select(layer: explorer.layer, head: n)
        case .scale(let setting):
            ui.apply(setting, snapshot: explorer.snapshot())
        case .set(let setting):
            switch setting {
            case .temperature(let t): explorer.sampling.temperature = Float(t)
            case .topK(let k): explorer.sampling.topK = k
            case .speed(let s): explorer.setSpeed(s)
            }
        case .export(let path):
            do {
                let written = try ViewExport.write(snapshot: explorer.snapshot(), screen: render(),
                                                   scaleMode: ui.scaleMode, to: path)
                explorer.message = .init(.info, "wrote \(written)")
            } catch {
                explorer.message = .init(.error, "\(error)")
            }
        case .view(let view):
            explorer.show(view)
        case .probe(let step):
            explorer.probe(step: step)
        case .lesson(let name):
            do {
                let lesson = try Lesson.load(named: name, in: SampleModels.lessons)
                explorer.play(lesson.recording)
                explorer.message = .init(.info, "lesson \(lesson.name): l steps, v views, r recall")
            } catch {
                explorer.message = .init(.error, "\(error)")
            }
        case .load(let path):
            // The same resolution as --model: a directory, or the name of a bundled model.
            work = BackgroundWork(label: "loading \(URL(fileURLWithPath: path).lastPathComponent)", explorer: explorer) { explorer, _ in
                try explorer.replaceModel(try SampleModels.load(path))
            }
        }
        return .proceed
    }

    /// Starts the terminal, runs the loop on `explorer` (first feeding `bytes` in the background when
    /// given) and always restores the terminal: what `tui`, `lesson` and `open` share.
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
        let loop = AppLoop(explorer: explorer, ui: ui, terminal: terminal)
        if let bytes { loop.start(feeding: bytes) }
        loop.run()
    }

    /// Begins with a long text prefilled in the background, so the screen is up at once.
    func start(feeding bytes: [UInt8]) { feed(bytes) }

    private func feed(_ bytes: [UInt8]) {
        if bytes.count > Self.backgroundThreshold {
            work = BackgroundWork(label: "prefill", explorer: explorer) { explorer, work in
                try explorer.feed(bytes: bytes) { done, total in work.report(done, of: total) }
            }
        } else {
            attempt { try $0.feed(bytes: bytes) }
        }
    }

    /// Runs model work on the explorer, showing a failure on the message line instead of leaving.
    private func attempt(_ body: (inout Explorer) throws -> Void) {
        do { try body(&explorer) } catch { explorer.message = .init(.error, "\(error)") }
    }
}
