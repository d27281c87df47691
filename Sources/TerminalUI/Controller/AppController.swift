import Foundation
import GatedDeltaNet

/// The interactive app without a terminal: it takes events (keys, clicks, resizes, command lines,
/// the play clock, finished background work) and returns effects for the executable to carry out
/// (draw, quit, start work on a thread, write a file). The executable keeps only terminal I/O,
/// timing and threads:
///
///     var controller = AppController(explorer: explorer, ui: ui, size: terminal.size, lessons: dir)
///     terminal.draw(controller.frame())
///     let effects = controller.handle(.input(event))   // .redraw, .startWork(work), .quit, ...
///
/// `start(feeding:)` feeds the first prompt; everything else arrives through `handle`.
public struct AppController: Sendable {
    public private(set) var explorer: Explorer
    public private(set) var ui: UIState
    public private(set) var size: TerminalSize
    /// The background model work in flight; explorer actions and most commands wait for it.
    public private(set) var work: BackgroundWork?
    /// The teaching views' streams being prepared in the background; nothing waits for it.
    public private(set) var analysis: BackgroundWork?
    /// Where `:lesson NAME` looks for NAME.lesson.
    public let lessons: URL
    /// What Tab completion of paths reads.
    public let listing: any DirectoryListing

    /// Text of more tokens than this is fed in the background, with progress on screen.
    public static let backgroundThreshold = 512
    /// `:gen N` of more tokens than this generates in the background.
    public static let backgroundGeneration = 64
    /// Teaching views over a window of more steps than this are prepared in the background.
    public static let backgroundAnalysis = 512

    public init(explorer: Explorer, ui: UIState = UIState(), size: TerminalSize, lessons: URL,
                listing: any DirectoryListing = FileSystemListing()) {
        self.explorer = explorer
        self.ui = ui
        self.size = size
        self.lessons = lessons
        self.listing = listing
    }

    public var isBusy: Bool { work != nil }

    /// Seconds between steps while playing with nothing in the background; nil when not playing.
    public var playInterval: Double? {
        explorer.playState == .playing && work == nil ? 1 / explorer.speed : nil
    }

    // MARK: - What is drawn

    /// The snapshot of this frame: only what a screen of this width can show, without the teaching
    /// frames that are being prepared in the background.
    public mutating func snapshot() -> ScreenSnapshot {
        let busy = [work, analysis].compactMap { $0?.status.progressText }
        return explorer.snapshot(busy: busy.isEmpty ? nil : busy.joined(separator: ", "), window: max(size.width, 1),
                                 analyses: !analysesInBackground)
    }

    /// Whether the teaching views' pending streams are long enough to prepare in the background.
    private var analysesInBackground: Bool {
        explorer.pendingStreams.map { $0.count > Self.backgroundAnalysis } ?? false
    }

    public mutating func frame() -> CellBuffer {
        Screen.render(snapshot: snapshot(), ui: ui, size: size)
    }

    // MARK: - Events

    public mutating func handle(_ event: ControllerEvent) -> [Effect] {
        let effects = respond(to: event)
        return effects.contains(.quit) ? effects : effects + scheduleAnalysis()
    }

    /// Starts preparing the teaching views' streams when they are long and nothing prepares them yet.
    private mutating func scheduleAnalysis() -> [Effect] {
        guard analysis == nil, work == nil, analysesInBackground, let steps = explorer.pendingStreams else { return [] }
        let started = BackgroundWork(.teachingStreams(steps), label: "analysing")
        analysis = started
        return [.startWork(started), .redraw]
    }

    private mutating func respond(to event: ControllerEvent) -> [Effect] {
        switch event {
        case .input(.resize(let newSize)):
            size = newSize
            return [.repaint]
        case .input(.mouse(let x, let y)):
            let shown = snapshot()
            if let action = Screen.action(forClickAt: x, y: y, snapshot: shown, ui: ui, size: size) {
                ui.apply(action, snapshot: shown, size: size)
            }
            return [.redraw]
        case .input(.key(let key)):
            return handle(key)
        case .submit(let line):
            return submit(line)
        case .tick:
            guard playInterval != nil else { return [] }
            attempt { explorer throws(ModelError) in try explorer.perform(.stepForward) }
            return [.redraw]
        case .workFinished(let finished, let result):
            if finished == analysis {
                analysis = nil
                if case .success(let prepared) = result { explorer.adoptStreams(from: prepared) }
                return [.redraw]
            }
            guard finished == work else { return [] }
            work = nil
            switch result {
            case .success(let explorer): self.explorer = explorer
            case .failure(let error): explorer.message = .init(.error, "\(error)")
            }
            return [.redraw]
        case .exported(let result):
            switch result {
            case .success(let path): explorer.message = .init(.info, "wrote \(path)")
            case .failure(let error): explorer.message = .init(.error, "\(error)")
            }
            return [.redraw]
        }
    }

    private mutating func handle(_ key: Key) -> [Effect] {
        if ui.isEditingCommand {
            switch ui.commandLine.handle(key, listing: listing) {
            case .submitted(let line):
                ui.isEditingCommand = false
                return submit(line)
            case .cancelled:
                ui.isEditingCommand = false
            case .editing:
                break
            }
            return [.redraw]
        }
        let action = ui.keyMap.action(for: key, focus: ui.focus)
        if ui.showsHelp, action != .ui(.toggleHelp) {
            ui.showsHelp = false   // any other key closes help; Esc and q only close it
            if key == .escape || action == .quit { return [.redraw] }
        }
        explorer.message = nil
        guard let action else { return [.redraw] }
        return perform(action)
    }

    /// Performs one action of the key map.
    private mutating func perform(_ action: Action) -> [Effect] {
        switch action {
        case .quit:
            return quit()
        case .ui(let action):
            ui.apply(action, snapshot: snapshot(), size: size)
        case .explorer(let action):
            guard !refusedWhileBusy() else { break }
            attempt { explorer throws(ModelError) in try explorer.perform(action) }
        }
        return [.redraw]
    }

    /// A line from the command line: a command after `:`, else text for the model.
    private mutating func submit(_ line: String) -> [Effect] {
        switch CommandParser.parse(line) {
        case .success(let command):
            return run(command)
        case .failure(let error):
            explorer.message = .init(.error, error.message)
            return [.redraw]
        }
    }

    private mutating func run(_ command: Command) -> [Effect] {
        explorer.message = nil
        if command != .quit, command != .help, refusedWhileBusy() { return [.redraw] }
        switch command {
        case .quit:
            return quit()
        case .help:
            ui.showsHelp = true
        case .feed(let text):
            return feed(bytes: Array(text.utf8))
        case .prompt(let text):
            explorer.reset()
            return feed(bytes: Array(text.utf8))
        case .reset:
            explorer.reset()
        case .generate(let count):
            explorer.pause()
            if count > Self.backgroundGeneration { return start(.generate(count: count), label: "generating") }
            attempt { explorer throws(ModelError) in try explorer.generate(count) }
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
            ui.apply(setting, snapshot: snapshot())
        case .set(let setting):
            switch setting {
            case .temperature(let t): explorer.sampling.temperature = Float(t)
            case .topK(let k): explorer.sampling.topK = k
            case .speed(let s): explorer.setSpeed(s)
            }
        case .export(let path):
            let request = ExportRequest(path: path, snapshot: explorer.snapshot(window: nil), screen: frame(),
                                        scaleMode: ui.scaleMode)
            return [.export(request)]
        case .view(let view):
            explorer.show(view)
        case .probe(let step):
            explorer.probe(step: step)
        case .lesson(let name):
            do {
                let lesson = try Lesson.load(named: name, in: lessons)
                explorer.play(lesson.recording)
                explorer.message = .init(.info, "lesson \(lesson.name): \(ui.keyMap.lessonHint)")
            } catch {
                explorer.message = .init(.error, "\(error)")
            }
        case .load(let path):
            return start(.loadModel(path: path), label: "loading \(URL(fileURLWithPath: path).lastPathComponent)")
        }
        return [.redraw]
    }

    /// Feeds text to the model: at once when short, in the background with progress when long; what
    /// the app does first with the prompt (raw bytes: a prompt file need not be UTF-8).
    public mutating func start(feeding bytes: [UInt8]) -> [Effect] { feed(bytes: bytes) + scheduleAnalysis() }

    private mutating func feed(bytes: [UInt8]) -> [Effect] {
        let tokens = explorer.tokens(for: bytes)
        if tokens.count > Self.backgroundThreshold { return start(.prefill(tokens: tokens), label: "prefill") }
        attempt { explorer throws(ModelError) in try explorer.feed(tokens: tokens) }
        return [.redraw]
    }

    private mutating func start(_ kind: BackgroundWork.Kind, label: String) -> [Effect] {
        let started = BackgroundWork(kind, label: label)
        work = started
        return [.startWork(started), .redraw]
    }

    /// Quitting cancels the work in flight: it stops at its next check instead of running on.
    private mutating func quit() -> [Effect] {
        work?.status.cancel()
        analysis?.status.cancel()
        return [.quit]
    }

    /// While work runs, says so on the message line and returns true.
    private mutating func refusedWhileBusy() -> Bool {
        guard let work else { return false }
        explorer.message = .init(.info, "busy: \(work.status.progressText)")
        return true
    }

    /// Model work on the explorer, a failure shown on the message line instead of leaving.
    private mutating func attempt(_ body: (inout Explorer) throws(ModelError) -> Void) {
        do throws(ModelError) { try body(&explorer) } catch { explorer.message = .init(.error, "\(error)") }
    }
}
