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

    static var isAvailable: Bool { (try? run("/usr/bin/env", ["tmux", "-V"]).status) == 0 }

    init(width: Int, height: Int) throws {
        name = "gdn-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // A plain shell with a known prompt, so "the shell prompt is intact" can be checked.
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                  "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color LANG=C.UTF-8 PS1='e2e$ ' bash --norc --noprofile"])
        try tmux(["set-option", "-t", name, "status", "off"])
    }

    func kill() { _ = try? tmux(["kill-session", "-t", name]) }

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

    static func run(_ executable: String, _ arguments: [String], stdin: FileHandle? = nil,
                    environment: [String: String]? = nil) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
