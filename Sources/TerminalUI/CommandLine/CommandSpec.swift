/// What a command's argument is, for parsing and for Tab completion.
public enum ArgumentKind: Hashable, Sendable {
    case none
    case path
    case text
    case integer
    /// One of a fixed list of words (or, for `:scale`, also a number).
    case choice([String])
}

/// One command of the command line: its name, argument and help text. `CommandSpec.all` is the single
/// list that parsing, completion and help are built from.
public struct CommandSpec: Hashable, Sendable {
    public var name: String
    public var argument: ArgumentKind
    public var usage: String
    public var summary: String

    public static let all: [CommandSpec] = [
        CommandSpec(name: "help", argument: .none, usage: ":help", summary: "show keys and commands"),
        CommandSpec(name: "load", argument: .path, usage: ":load DIR", summary: "load a model"),
        CommandSpec(name: "prompt", argument: .text, usage: ":prompt TEXT",
                    summary: "reset and feed TEXT"),
        CommandSpec(name: "reset", argument: .none, usage: ":reset", summary: "clear the sequence"),
        CommandSpec(name: "gen", argument: .integer, usage: ":gen N", summary: "generate N tokens"),
        CommandSpec(name: "goto", argument: .integer, usage: ":goto T", summary: "go to step T (1-based)"),
        CommandSpec(name: "layer", argument: .integer, usage: ":layer N", summary: "select layer (0-based)"),
        CommandSpec(name: "head", argument: .integer, usage: ":head N", summary: "select head (0-based)"),
        CommandSpec(name: "scale", argument: .choice(["auto", "locked"]), usage: ":scale auto|locked|X",
                    summary: "heatmap scale"),
        CommandSpec(name: "set", argument: .choice(Setting.names), usage: ":set NAME X",
                    summary: "temperature, top-k, speed"),
        CommandSpec(name: "export", argument: .path, usage: ":export FILE", summary: "save the frame"),
        CommandSpec(name: "view", argument: .choice(TeachingView.allCases.map(\.rawValue)),
                    usage: ":view NAME", summary: "memory, rules, erasure"),
        CommandSpec(name: "lesson", argument: .text, usage: ":lesson NAME", summary: "play a lesson"),
        CommandSpec(name: "probe", argument: .integer, usage: ":probe J", summary: "recall of token J"),
        CommandSpec(name: "quit", argument: .none, usage: ":quit", summary: "leave gdn-tui"),
    ]

    /// Specs whose name starts with `prefix`; an exact name wins over longer ones.
    public static func matching(_ prefix: String) -> [CommandSpec] {
        if let exact = all.first(where: { $0.name == prefix }) { return [exact] }
        return all.filter { $0.name.hasPrefix(prefix) }
    }
}
