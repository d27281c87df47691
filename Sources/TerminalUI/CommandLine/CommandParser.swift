/// Turns one command line into a `Command`. Command names may be shortened to any unambiguous
/// prefix (`:la 1` is `:layer 1`); an ambiguous or unknown name is an error naming the candidates.
public enum CommandParser {
    public static func parse(_ line: String) -> Result<Command, CommandError> {
        guard line.first == ":" else {
            return line.isEmpty ? .failure(CommandError("nothing to feed")) : .success(.feed(line))
        }
        let body = line.dropFirst().drop { $0 == " " }
        let name = String(body.prefix { $0 != " " })
        let argument = String(body.dropFirst(name.count).drop { $0 == " " })
        guard !name.isEmpty else { return .failure(CommandError("empty command; try :help")) }

        let candidates = CommandSpec.matching(name)
        guard let spec = candidates.first else {
            return .failure(CommandError("unknown command :\(name); try :help"))
        }
        guard candidates.count == 1 else {
            let names = candidates.map { ":" + $0.name }.joined(separator: " ")
            return .failure(CommandError(":\(name) is ambiguous: \(names)"))
        }
        return command(for: spec, argument: argument)
    }

    static func command(for spec: CommandSpec, argument: String) -> Result<Command, CommandError> {
        func needs(_ what: String) -> Result<Command, CommandError> {
            .failure(CommandError("usage: \(spec.usage) (\(what))"))
        }
        func integer(_ make: (Int) -> Command, minimum: Int) -> Result<Command, CommandError> {
            guard let n = Int(argument) else { return needs("a whole number") }
            guard n >= minimum else { return needs("at least \(minimum)") }
            return .success(make(n))
        }
        switch spec.name {
        case "help", "reset", "quit":
            guard argument.isEmpty else { return needs("takes no argument") }
            return .success(spec.name == "help" ? .help : spec.name == "reset" ? .reset : .quit)
        case "load":
            return argument.isEmpty ? needs("a directory") : .success(.load(path: argument))
        case "export":
            return argument.isEmpty ? needs("a file name") : .success(.export(path: argument))
        case "lesson":
            return argument.isEmpty ? needs("a lesson name, e.g. interference") : .success(.lesson(argument))
        case "view":
            let matches = TeachingView.allCases.filter { $0.rawValue.hasPrefix(argument) }
            guard !argument.isEmpty, matches.count == 1 else { return needs("memory, rules or erasure") }
            return .success(.view(matches[0]))
        case "probe":
            return integer({ .probe(step: $0) }, minimum: 1)
        case "prompt":
            return argument.isEmpty ? needs("some text") : .success(.prompt(argument))
        case "gen":
            return integer({ .generate(count: $0) }, minimum: 1)
        case "goto":
            return integer({ .goto(step: $0) }, minimum: 0)
        case "layer":
            return integer({ .layer($0) }, minimum: 0)
        case "head":
            return integer({ .head($0) }, minimum: 0)
        case "scale":
            return parseScale(argument).map { .scale($0) }
                .mapError { _ in CommandError("usage: \(spec.usage) (a positive number)") }
        case "set":
            return parseSetting(argument).map { .set($0) }
        default:
            return .failure(CommandError("unknown command :\(spec.name)"))
        }
    }

    static func parseScale(_ argument: String) -> Result<ScaleSetting, CommandError> {
        switch argument {
        case "auto", "a": return .success(.auto)
        case "locked", "lock", "l": return .success(.locked)
        default:
            guard let value = Float(argument), value > 0, value.isFinite else {
                return .failure(CommandError("bad scale"))
            }
            return .success(.value(value))
        }
    }

    static func parseSetting(_ argument: String) -> Result<Setting, CommandError> {
        let usage = "usage: :set temperature X | top-k N | speed X"
        let parts = argument.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 2 else { return .failure(CommandError(usage)) }
        let matches = Setting.names.filter { $0.hasPrefix(parts[0]) }
        guard matches.count == 1, let name = matches.first else {
            return .failure(CommandError(matches.isEmpty
                ? "unknown setting \(parts[0]); \(usage)"
                : "\(parts[0]) is ambiguous: \(matches.joined(separator: " "))"))
        }
        switch name {
        case "temperature":
            guard let x = Double(parts[1]), x >= 0, x.isFinite else {
                return .failure(CommandError("temperature must be a number >= 0"))
            }
            return .success(.temperature(x))
        case "top-k":
            guard let n = Int(parts[1]), n >= 1 else {
                return .failure(CommandError("top-k must be a whole number >= 1"))
            }
            return .success(.topK(n))
        default:
            guard let x = Double(parts[1]), x > 0, x.isFinite else {
                return .failure(CommandError("speed must be a number > 0 (steps per second)"))
            }
            return .success(.speed(x))
        }
    }
}
