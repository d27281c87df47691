/// The REPL line: editing, history and Tab completion, with no terminal in sight.
/// A line that starts with ':' is a command; anything else is text for the model.
public struct CommandLineEditor: Hashable, Sendable {
    public private(set) var characters: [Character] = []
    /// Insertion point, 0...characters.count.
    public private(set) var cursor = 0
    public private(set) var history: [String] = []
    /// Alternatives offered by the last ambiguous completion, for display.
    public private(set) var candidates: [String] = []
    /// Index into `history` while browsing it; nil while editing a fresh line.
    private var historyIndex: Int?
    /// The fresh line, kept while browsing history.
    private var draft: [Character] = []
    public var historyLimit = 200

    public init(text: String = "", history: [String] = []) {
        characters = Array(text)
        cursor = characters.count
        self.history = history
    }

    public var text: String { String(characters) }

    public enum Outcome: Hashable, Sendable {
        case editing
        case submitted(String)
        case cancelled
    }

    /// Applies one key. Enter submits, Esc cancels, and so does Backspace on an empty line.
    public mutating func handle(_ key: Key, listing: any DirectoryListing) -> Outcome {
        if key != .tab { candidates = [] }
        switch key {
        case .character(let c): insert(c)
        case .backspace:
            if characters.isEmpty { return .cancelled }
            deleteBackward()
        case .delete, .control("d"): deleteForward()
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .control("u"): deleteToStart()
        case .control("k"): characters.removeSubrange(cursor...)
        case .up, .control("p"): showPreviousHistory()
        case .down, .control("n"): showNextHistory()
        case .tab: complete(listing: listing)
        case .enter: return .submitted(submit())
        case .escape, .control("c"), .control("g"): clear(); return .cancelled
        default: break
        }
        return .editing
    }

    public mutating func insert(_ character: Character) {
        characters.insert(character, at: cursor)
        cursor += 1
    }

    public mutating func insert(_ string: String) {
        for c in string { insert(c) }
    }

    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Ctrl-U: removes everything before the cursor.
    public mutating func deleteToStart() {
        characters.removeSubrange(..<cursor)
        cursor = 0
    }

    public mutating func clear() {
        characters = []
        cursor = 0
        historyIndex = nil
        candidates = []
    }

    /// Returns the line, records it in history (skipping repeats of the last entry) and clears.
    public mutating func submit() -> String {
        let line = text
        if !line.isEmpty && history.last != line {
            history.append(line)
            if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        }
        clear()
        return line
    }

    public mutating func showPreviousHistory() {
        guard !history.isEmpty else { return }
        let index: Int
        if let current = historyIndex {
            index = max(0, current - 1)
        } else {
            draft = characters
            index = history.count - 1
        }
        historyIndex = index
        setLine(Array(history[index]))
    }

    public mutating func showNextHistory() {
        guard let current = historyIndex else { return }
        if current + 1 < history.count {
            historyIndex = current + 1
            setLine(Array(history[current + 1]))
        } else {
            historyIndex = nil
            setLine(draft)
        }
    }

    private mutating func setLine(_ line: [Character]) {
        characters = line
        cursor = line.count
    }

    /// Tab: completes the command name, or the argument (paths for :load/:export, fixed words for
    /// :scale/:set) of the text before the cursor. One match is inserted whole; several extend the
    /// text to their common prefix and are listed in `candidates`.
    public mutating func complete(listing: any DirectoryListing) {
        candidates = []
        let before = String(characters[..<cursor])
        guard before.first == ":" else { return }
        let body = before.dropFirst()
        guard let space = body.firstIndex(of: " ") else {
            let matches = CommandSpec.all.map(\.name).filter { $0.hasPrefix(body) }
            apply(matches: matches, replacing: String(body), finished: { $0 + " " })
            return
        }
        let name = String(body[..<space])
        let argument = String(body[body.index(after: space)...].drop { $0 == " " })
        let specs = CommandSpec.matching(name)
        guard specs.count == 1, let spec = specs.first else { return }
        switch spec.argument {
        case .path:
            completePath(argument, listing: listing)
        case .choice(let words):
            guard !argument.contains(" ") else { return }
            apply(matches: words.filter { $0.hasPrefix(argument) }, replacing: argument,
                  finished: { $0 + " " })
        default:
            return
        }
    }

    private mutating func completePath(_ argument: String, listing: any DirectoryListing) {
        let directory: String, stem: String
        if let slash = argument.lastIndex(of: "/") {
            directory = String(argument[...slash])
            stem = String(argument[argument.index(after: slash)...])
        } else {
            directory = ""
            stem = argument
        }
        let entries = listing.entries(inDirectory: directory)
            .filter { $0.name.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.name.hasPrefix(".")) }
            .sorted { $0.name < $1.name }
        let isDirectory = Dictionary(entries.map { ($0.name, $0.isDirectory) }) { a, _ in a }
        apply(matches: entries.map(\.name), replacing: stem,
              finished: { isDirectory[$0] == true ? $0 + "/" : $0 })
    }

    /// Replaces the `stem` just before the cursor by the completion of `matches`.
    private mutating func apply(
        matches: [String], replacing stem: String, finished: (String) -> String
    ) {
        guard !matches.isEmpty else { return }
        let replacement: String
        if matches.count == 1 {
            replacement = finished(matches[0])
        } else {
            replacement = Self.commonPrefix(of: matches)
            candidates = matches
        }
        guard replacement.count >= stem.count else { return }
        characters.removeSubrange(cursor - stem.count..<cursor)
        cursor -= stem.count
        insert(replacement)
    }

    static func commonPrefix(of strings: [String]) -> String {
        guard var prefix = strings.first.map(Array.init) else { return "" }
        for s in strings.dropFirst() {
            let a = Array(s)
            var n = 0
            while n < min(prefix.count, a.count) && prefix[n] == a[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix)
    }
}
