import Foundation

/// A real terminal for the end-to-end tests: a tmux session running a shell, driven with send-keys and
/// read with capture-pane, so the binary is tested on the terminal people use, not a mock.
struct TmuxSession {
    let name: String

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The debug binary `swift build` made (the test command builds it first).
    static var binary: String {
        ProcessInfo.processInfo.environment["GDN_TUI_BINARY"]
            ?? repositoryRoot.appendingPathComponent(".build/debug/gdn-tui").path
    }

    /// Whether the tmux tests run. `.ci/test` sets GDN_NEED_TMUX=1 after installing tmux: there a
    /// missing tmux must fail the tests (they try to start it), not skip them and leave CI green.
    static var isAvailable: Bool {
        ProcessInfo.processInfo.environment["GDN_NEED_TMUX"] == "1"
            || (try? run("/usr/bin/env", ["tmux", "-V"]).status) == 0
    }

    /// `term` is the shell's TERM (what ncurses reads; nil leaves it unset).
    init(width: Int, height: Int, term: String? = "xterm-256color") throws {
        name = "gdn-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // A plain shell with a known prompt, so "the shell prompt is intact" can be checked.
        let termSetting = term.map { "TERM=\($0) " } ?? ""
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                  "env -i PATH=/usr/bin:/bin HOME=/tmp \(termSetting)LANG=C.UTF-8 PS1='e2e$ ' bash --norc --noprofile"])
        try tmux(["set-option", "-t", name, "status", "off"])
        // Let resize-window set any size, however small or large, whatever clients are attached.
        try tmux(["set-option", "-t", name, "window-size", "manual"])
    }

    /// The process the shell is running in the foreground (the binary under test), once there is one.
    func foregroundProcess(seconds: Double = 20) throws -> pid_t {
        let shell = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
            if let child = children.split(separator: " ").first.flatMap({ pid_t($0) }) { return child }
            usleep(100_000)
        }
        throw E2EError("no process started under the shell \(shell)")
    }

    /// Resident memory of `pid` in MB (VmRSS of /proc/PID/status).
    static func residentMegabytes(_ pid: pid_t) throws -> Double {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").compactMap({ Double($0) }).first else {
            throw E2EError("no VmRSS for \(pid)")
        }
        return kilobytes / 1024
    }

    func kill() { _ = try? tmux(["kill-session", "-t", name]) }

    /// Runs the binary from the shell prompt, which prints `status=N` when it exits.
    func launch(_ arguments: String = "", environment: String = "") throws {
        try waitFor(text: "e2e$")
        try type("\(environment.isEmpty ? "" : environment + " ")\(Self.binary) \(arguments); echo status=$?")
        try press("Enter")
    }

    /// Asks the shell whether the terminal is back in canonical mode with echo, as before the binary ran.
    func terminalIsRestored() throws -> Bool {
        try type("clear; stty -a | tr ' ;' '\\n\\n' | grep -x -E -- '-?(icanon|echo)' | sed 's/^/mode:/'; echo done-$((40+2))")
        try press("Enter")
        let screen = try waitFor(text: "done-42")
        return screen.contains("mode:icanon") && screen.contains("mode:echo")
    }

    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    /// tmux key names: Right, Left, Enter, Escape, C-c, ...
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    func screen(colors: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", name] + (colors ? ["-e"] : []))
    }

    /// Polls the screen until `condition` holds (the binary draws asynchronously), or fails after `seconds`.
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 20, colors: Bool = false,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen(colors: colors)
            if condition(last) { return last }
            usleep(100_000)
        }
        throw E2EError("timed out waiting for \(what); screen was:\n\(last)")
    }

    /// The screen once it stops changing (two captures 100 ms apart agree): a frame can be seen half
    /// drawn, e.g. the token counter at the top already new and the heatmap below still old.
    func settledScreen(colors: Bool = false) throws -> String {
        var last = try screen(colors: colors)
        return try waitFor("the screen to settle", colors: colors) { current in
            defer { last = current }
            return current == last
        }
    }

    @discardableResult
    func waitFor(text: String, seconds: Double = 20) throws -> String {
        try waitFor("\"\(text)\"", seconds: seconds) { $0.contains(text) }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try Self.run("/usr/bin/env", ["tmux"] + arguments)
        guard result.status == 0 else { throw E2EError("tmux \(arguments.joined(separator: " ")): \(result.output)") }
        return result.output
    }

    /// Runs a program to completion with stdin from /dev/null (posix_spawn and waitpid: Foundation's
    /// Process can hang in waitUntilExit on Linux when used from test threads).
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw E2EError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        // A clean signal mask and default handlers: test threads block signals, and a tmux server
        // started from here would pass the mask on to the shell and the binary (no SIGWINCH, no Ctrl-C).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), defaults = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCHLD, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        defer { close(outPipe[0]); close(errPipe[0]) }
        guard spawned == 0 else { throw E2EError("cannot run \(executable): error \(spawned)") }
        // Read stderr on another thread so neither pipe can fill up and stall the child.
        let errorBox = ByteBox()
        let errorDone = DispatchSemaphore(value: 0)
        let errFD = errPipe[0]
        Thread.detachNewThread {
            errorBox.bytes = readAll(errFD)
            errorDone.signal()
        }
        let output = readAll(outPipe[0])
        errorDone.wait()
        let errorData = errorBox.bytes
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, String(decoding: output, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}

/// Bytes handed from the reader thread back to the caller, after the semaphore says they are complete.
private final class ByteBox: @unchecked Sendable { var bytes: [UInt8] = [] }

private func readAll(_ fd: Int32) -> [UInt8] {
    var data = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(fd, &buffer, buffer.count)
        if n > 0 { data += buffer[..<n] } else if n == 0 || errno != EINTR { break }
    }
    return data
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
