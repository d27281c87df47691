import CNCurses
import TerminalUI
import TextEscaping

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the terminal could not be used; `description` is one line for the user.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The ncurses session: copies cell buffers to the screen and turns keys into `InputEvent`s.
/// A class because it owns process-wide terminal state that must be torn down exactly once.
public final class Terminal {
    private var screen: OpaquePointer?
    public private(set) var colorMode: ColorMode = .monochrome
    private var pairs = ColorPairTable(limit: 0)
    private var previous: CellBuffer?

    public init() {}

    deinit { stop() }


    /// Fails with a one-line error when stdin/stdout is not a terminal or TERM is unusable;
    /// initscr would instead print its own message and exit the process.
    public static func checkUsable(environment: [String: String]) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("gdn-tui needs an interactive terminal (stdin and stdout must be a tty)")
        }
        guard let term = environment["TERM"], !term.isEmpty else {
            throw TerminalError("TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color")
        }
        guard term != "dumb" else {
            throw TerminalError("TERM=dumb cannot draw the interface; use a full terminal (e.g. xterm-256color)")
        }
        var status: Int32 = 0
        guard setupterm(nil, STDOUT_FILENO, &status) == OK else {
            throw TerminalError("unknown terminal type TERM=\(term); try TERM=xterm-256color")
        }
    }

    /// Starts the ncurses session. `colorMode` nil detects it from NO_COLOR and the terminal's
    /// colour count; a requested mode is lowered to what the terminal can show.
    @discardableResult
    public func start(colorMode requested: ColorMode? = nil, noColorFlag: Bool = false,
                      environment: [String: String]) throws -> ColorMode {
        guard screen == nil else { return colorMode }
        try Self.checkUsable(environment: environment)
        setlocale(LC_ALL, "")  // before newterm, or wide characters come out as bytes
        guard let s = gdn_newterm() else {
            throw TerminalError("could not start the terminal (TERM=\(environment["TERM"] ?? ""))")
        }
        screen = s
        set_term(s)
        Self.installSignalHandlers()
        cbreak()
        noecho()
        nonl()
        keypad(gdn_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        setUpColors(requested: requested, noColorFlag: noColorFlag, environment: environment)
        mousemask(gdn_button1_mask(), nil)
        mouseinterval(0)
        previous = nil
        return colorMode
    }

    /// Starts an ncurses session that writes to `output` (e.g. /dev/null) and reads nothing, at a fixed
    /// size, as terminal type `term`: what `gdn-tui bench` uses to time ncurses' side of a frame
    /// (diffing, escape sequences, the write) without a terminal emulator's parsing. Leaves the tty alone.
    @discardableResult
    public func startOffscreen(output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>,
                               size: TerminalSize, term: String) throws -> ColorMode {
        guard screen == nil else { return colorMode }
        setlocale(LC_ALL, "")
        guard let s = newterm(term, output, input) else { throw TerminalError("could not start ncurses as TERM=\(term)") }
        screen = s
        set_term(s)
        resizeterm(Int32(size.height), Int32(size.width))
        setUpColors(requested: nil, noColorFlag: false, environment: ["TERM": term])
        previous = nil
        return colorMode
    }

    private func setUpColors(requested: ColorMode?, noColorFlag: Bool, environment: [String: String]) {
        var detected = ColorMode.monochrome
        if has_colors() {
            start_color()
            use_default_colors()
            detected = ColorMode.detect(colorCount: Int(gdn_colors()), noColorFlag: noColorFlag,
                                        environment: environment)
        }
        colorMode = requested.map { Self.lower($0, toAtMost: detected) } ?? detected
        if noColorFlag { colorMode = .monochrome }
        pairs = ColorPairTable(limit: min(Int(gdn_color_pairs()), Int(Int16.max)),
                               colorCount: Int(gdn_colors()))
    }

    /// Restores the terminal; safe to call more than once.
    public func stop() {
        guard let s = screen else { return }
        endwin()
        delscreen(s)
        screen = nil
        previous = nil
    }

    public var size: TerminalSize {
        TerminalSize(width: Int(getmaxx(gdn_stdscr())), height: Int(getmaxy(gdn_stdscr())))
    }

    /// Copies `buffer` to the screen, touching only cells that changed since the last frame.
    public func draw(_ buffer: CellBuffer) {
        guard screen != nil else { return }
        let full = previous.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        if full { erase() }
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if !full, let previous, previous[x, y] == cell { continue }
                put(cell, x: x, y: y)
            }
        }
        refresh()
        previous = buffer
    }

    /// Forces the next `draw` to repaint everything (e.g. after another program wrote to the tty).
    public func invalidate() {
        previous = nil
        clearok(gdn_stdscr(), true)
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var attributes: attr_t = 0
        let a = cell.attributes
        if a.contains(.bold) { attributes |= gdn_a_bold() }
        if a.contains(.reverse) { attributes |= gdn_a_reverse() }
        if a.contains(.dim) { attributes |= gdn_a_dim() }
        if a.contains(.underline) { attributes |= gdn_a_underline() }
        if a.contains(.italic) { attributes |= gdn_a_italic() }
        let pair = colorMode.usesColor ? pairs.pair(foreground: cell.foreground, background: cell.background) : 0
        // The terminal fills a wide character's second cell itself.
        if cell.isContinuation { return }
        // The last guard before the tty: a control character would move the cursor or start an escape
        // sequence, and one whose width differs from the cell model's (by the C library's wcwidth in
        // this locale) would shift the rest of the row: both become "?" (and a space for a lost half).
        let width = CellWidth.of(cell.character)
        var text = cell.character.unicodeScalars.map { wchar_t($0.value) }
        let fits = ByteEscaping.isPrintable(cell.character) && text.count <= Int(gdn_cchar_max())
            && gdn_wcwidth(text[0]) == Int32(width) && text.dropFirst().allSatisfy { gdn_wcwidth($0) == 0 }
        if !fits {
            text = [0x3F]
            if width == 2 { _ = gdn_put_cell(Int32(y), Int32(x + 1), 0x20, attributes, Int32(pair)) }
        }
        _ = gdn_put_text(Int32(y), Int32(x), text, Int32(text.count), attributes, Int32(pair))
    }

    /// Waits up to `timeoutMilliseconds` (negative: forever) for input; nil on timeout.
    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard screen != nil else { return nil }
        wtimeout(gdn_stdscr(), Int32(timeoutMilliseconds))
        var code: wint_t = 0
        let result = wget_wch(gdn_stdscr(), &code)
        if result == gdn_key_code_yes() { return functionKeyEvent(Int32(code)) }
        guard result == OK else { return nil }
        return KeyDecoding.event(forCharacter: UInt32(code))
    }

    private func functionKeyEvent(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE:
            previous = nil
            return .resize(size)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK, gdn_is_button1(event.bstate) != 0 else { return nil }
            return .mouse(x: Int(event.x), y: Int(event.y))
        default:
            let fKeys = (1...12).map { (gdn_key_f(Int32($0)), $0) }
            if let n = fKeys.first(where: { $0.0 == code })?.1 { return .key(.function(n)) }
            return KeyDecoding.key(forCode: code).map { .key($0) }
        }
    }

    // MARK: signals

    /// SIGINT, SIGTERM and SIGHUP restore the terminal and exit 128+signal, even while the app is
    /// busy computing (cbreak keeps Ctrl-C a signal). endwin is not formally async-signal-safe, but
    /// leaving the tty in raw mode is worse; it is the usual compromise for curses programs.
    static func installSignalHandlers() {
        // A parent may have left these blocked (some launchers do); the UI needs them delivered.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&unblock, sig) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { received in
                endwin()
                _exit(128 + received)
            }
        }
        _ = fatalHandlersInstalled
    }

    /// A crash (a trap, a bad access, an abort, Ctrl-\) restores the terminal too, then goes on as it
    /// would have: the previous handler (Swift's backtracer, or the default) runs on a sane screen.
    /// Installed once: a second time would record these handlers as the previous ones.
    private static let fatalHandlersInstalled: Bool = {
        for sig in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in
                endwin()
                // The previous handler runs now (the signal is unblocked for it); should it return, as
                // Swift's does for a signal sent by kill, the default action ends the process.
                sigaction(received, previousFatalActions.advanced(by: Int(received)), nil)
                var this = sigset_t()
                sigemptyset(&this)
                sigaddset(&this, received)
                pthread_sigmask(SIG_UNBLOCK, &this, nil)
                raise(received)
                signal(received, SIG_DFL)
                raise(received)
            }
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, previousFatalActions.advanced(by: Int(sig)))
        }
        return true
    }()

    private static let fatalSignals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT, SIGQUIT]

    static func lower(_ mode: ColorMode, toAtMost limit: ColorMode) -> ColorMode {
        let order: [ColorMode] = [.monochrome, .ansi8, .ansi16, .xterm256]
        let a = order.firstIndex(of: mode) ?? 0, b = order.firstIndex(of: limit) ?? 0
        return order[min(a, b)]
    }
}

/// The handlers the fatal signals had before `installSignalHandlers`, indexed by signal number; a fixed
/// C buffer because a signal handler may not allocate or touch Swift collections.
private nonisolated(unsafe) let previousFatalActions: UnsafeMutablePointer<sigaction> = {
    let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    actions.initialize(repeating: sigaction(), count: 65)
    return actions
}()
