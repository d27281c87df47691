import Foundation
import GatedDelta
import TextEscaping

/// A lesson: a hand-written stream for one head, small enough to read every number of. The format
/// (README "File formats"), one statement a line, `#` starts a comment:
///
///     title  Linear attention adds, the delta rule overwrites
///     rule   delta                      linear | gated | delta | gated_delta
///     dims   4 4                        K V
///     key    cat = onehot 0             a named key: one-hot, or K numbers
///     value  red = 1 0 0 0              a named value: one-hot, or V numbers
///     step   cat red alpha=1 beta=1 query=dog | narration shown at this step
///
/// A step writes value VALUE under key KEY; alpha (default 1) and beta (default 1) are its gates, and
/// the read-out uses the query key (default: the step's own key). Keys are used as given (the kernel
/// does not normalise lesson keys), so unit keys make recalls exact.
public struct Lesson: Sendable {
    public let name: String
    public let title: String
    public let rule: UpdateRule
    public let keyDim: Int
    public let valueDim: Int
    public let keys: [String: [Float]]
    public let values: [String: [Float]]
    public let steps: [Step]

    public struct Step: Sendable, Equatable {
        public var key: String
        public var value: String
        public var query: String
        public var alpha: Float
        public var beta: Float
        public var narration: String
    }

    /// Lessons shipped in `Samples/lessons/`, by name (file name without `.lesson`).
    public static func path(named name: String, in directory: URL) -> URL {
        let direct = URL(fileURLWithPath: name)
        if name.hasSuffix(".lesson") || name.contains("/") { return direct }
        return directory.appendingPathComponent(name + ".lesson")
    }

    /// A bundled lesson by name, or a lesson file by path; a missing one names what there is.
    public static func load(named name: String, in directory: URL) throws(ModelError) -> Lesson {
        let url = path(named: name, in: directory)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ModelError("\(ByteEscaping.escapingControls(name)): no such lesson (bundled: \(names(in: directory).joined(separator: " ")))")
        }
        return try Lesson(contentsOf: url)
    }

    public static func names(in directory: URL) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".lesson") }.map { String($0.dropLast(".lesson".count)) }.sorted()
    }

    public init(contentsOf url: URL) throws(ModelError) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ModelError("\(url.path): cannot read the lesson file")
        }
        try self.init(data: data, name: url.deletingPathExtension().lastPathComponent, file: url.path)
    }

    /// Parses a lesson file's bytes, which must be UTF-8 text.
    public init(data: Data, name: String, file: String) throws(ModelError) {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError("\(file): the lesson is not UTF-8 text")
        }
        try self.init(text: text, name: name, file: file)
    }

    /// Parses lesson text; errors read "FILE:LINE: problem".
    public init(text: String, name: String, file: String) throws(ModelError) {
        self.name = name
        var title: String?, rule: UpdateRule?, dims: (Int, Int)?
        var keys: [String: [Float]] = [:], values: [String: [Float]] = [:]
        var steps: [Step] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // The message quotes the line, which may hold control bytes: escaped, never raw.
            func fail(_ message: String) -> ModelError {
                ModelError(ByteEscaping.escapingControls("\(file):\(index + 1): \(message)"))
            }
            var line = Substring(rawLine)
            var narration = ""
            // Whichever of '#' (comment) and '|' (narration) comes first ends the statement.
            if let end = line.firstIndex(where: { $0 == "#" || $0 == "|" }) {
                if line[end] == "|" { narration = line[line.index(after: end)...].trimmingCharacters(in: .whitespaces) }
                line = line[..<end]
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let keyword = words.first else {
                if !narration.isEmpty { throw fail("narration '|' outside a step") }
                continue
            }
            let rest = Array(words.dropFirst())
            if keyword != "step", !narration.isEmpty { throw fail("narration '|' only follows a step") }
            switch keyword {
            case "title":
                guard !rest.isEmpty else { throw fail("title needs some text") }
                title = rest.joined(separator: " ")
            case "rule":
                guard rest.count == 1, let r = UpdateRule(rawValue: rest[0]) else {
                    throw fail("rule must be one of linear, gated, delta, gated_delta")
                }
                rule = r
            case "dims":
                guard dims == nil else { throw fail("dims given twice") }
                guard rest.count == 2, let k = Int(rest[0]), let v = Int(rest[1]), (1...256).contains(k), (1...256).contains(v) else {
                    throw fail("dims needs two whole numbers K V in 1...256")
                }
                dims = (k, v)
            case "key", "value":
                guard let (K, V) = dims else { throw fail("\(keyword) before dims") }
                guard rest.count >= 3, rest[1] == "=" else { throw fail("usage: \(keyword) NAME = onehot I | numbers") }
                let width = keyword == "key" ? K : V
                let vector = try Self.vector(Array(rest.dropFirst(2)), width: width, what: "\(keyword) \(rest[0])", fail)
                if keyword == "key" {
                    guard keys[rest[0]] == nil else { throw fail("key \(rest[0]) defined twice") }
                    keys[rest[0]] = vector
                } else {
                    guard values[rest[0]] == nil else { throw fail("value \(rest[0]) defined twice") }
                    values[rest[0]] = vector
                }
            case "step":
                guard rest.count >= 2 else { throw fail("usage: step KEY VALUE [alpha=X] [beta=X] [query=KEY] | narration") }
                guard keys[rest[0]] != nil else { throw fail("unknown key \(rest[0])") }
                guard values[rest[1]] != nil else { throw fail("unknown value \(rest[1])") }
                var step = Step(key: rest[0], value: rest[1], query: rest[0], alpha: 1, beta: 1, narration: narration)
                for option in rest.dropFirst(2) {
                    let pair = option.split(separator: "=", maxSplits: 1).map(String.init)
                    guard pair.count == 2 else { throw fail("\(option): expected NAME=VALUE") }
                    switch pair[0] {
                    case "alpha", "beta":
                        guard let x = Float(pair[1]), x >= 0, x <= 1 else { throw fail("\(pair[0]) must be a number in [0, 1]") }
                        if pair[0] == "alpha" { step.alpha = x } else { step.beta = x }
                    case "query":
                        guard keys[pair[1]] != nil else { throw fail("unknown key \(pair[1])") }
                        step.query = pair[1]
                    default:
                        throw fail("unknown step option \(pair[0]); use alpha, beta or query")
                    }
                }
                steps.append(step)
            default:
                throw fail("unknown statement \(keyword); use title, rule, dims, key, value or step")
            }
        }
        let whole = { (message: String) in ModelError(ByteEscaping.escapingControls("\(file): \(message)")) }
        guard let (K, V) = dims else { throw whole("no dims line") }
        guard let rule else { throw whole("no rule line") }
        guard !steps.isEmpty else { throw whole("no steps") }
        self.title = title ?? name
        self.rule = rule
        keyDim = K
        valueDim = V
        self.keys = keys
        self.values = values
        self.steps = steps
    }

    /// `onehot I` or exactly `width` finite numbers.
    static func vector(_ words: [String], width: Int, what: String, _ fail: (String) -> ModelError) throws(ModelError) -> [Float] {
        if words.first == "onehot" {
            guard words.count == 2, let i = Int(words[1]), (0..<width).contains(i) else {
                throw fail("\(what): onehot needs an index in 0..<\(width)")
            }
            return (0..<width).map { $0 == i ? 1 : 0 }
        }
        guard words.count == width else { throw fail("\(what): needs \(width) numbers, got \(words.count)") }
        var vector: [Float] = []
        for word in words {
            guard let x = Float(word), x.isFinite else { throw fail("\(what): \(word) is not a number") }
            vector.append(x)
        }
        return vector
    }

    /// The lesson's one head as a stream (no query scale: read-outs are plain S^T q).
    public var stream: HeadStream {
        HeadStream(keyDim: keyDim, valueDim: valueDim,
                   queries: steps.map { keys[$0.query]! }, keys: steps.map { keys[$0.key]! },
                   values: steps.map { values[$0.value]! },
                   logDecays: steps.map { Foundation.log($0.alpha) }, betas: steps.map(\.beta),
                   scale: 1, rule: rule)
    }

    /// The lesson as a one-layer, one-head recording for the explorer.
    public var recording: Recording {
        let s = stream
        let layer = LayerStream(inputs: s.kernelInputs(), options: s.kernelOptions(rule: rule))
        return Recording(name: "lesson \(name)", title: title, layers: [layer],
                         labels: steps.map { "\($0.key):\($0.value)" }, narration: steps.map(\.narration))
    }
}
