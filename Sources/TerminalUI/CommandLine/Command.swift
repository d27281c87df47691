/// How `:scale` sets the heatmap scale.
public enum ScaleSetting: Hashable, Sendable {
    case auto
    /// Freeze the current automatic scale.
    case locked
    case value(Float)
}

/// A `:set NAME VALUE` setting.
public enum Setting: Hashable, Sendable {
    case temperature(Double)
    case topK(Int)
    case speed(Double)

    public static let names = ["temperature", "top-k", "speed"]
}

/// What one line of the command line asks for. Layers and heads are 0-based (as in checkpoint
/// tensor names); steps are 1-based like the `t / T` display (t tokens have been read).
public enum Command: Hashable, Sendable {
    case help
    case load(path: String)
    case prompt(String)
    case reset
    case generate(count: Int)
    case goto(step: Int)
    case layer(Int)
    case head(Int)
    case scale(ScaleSetting)
    case set(Setting)
    case export(path: String)
    /// The main view: memory, rules or erasure.
    case view(TeachingView)
    /// Play a lesson from Samples/lessons (by name) or a lesson file.
    case lesson(String)
    /// Follow token j (1-based) in the recall details.
    case probe(step: Int)
    case quit
    /// Text typed without a leading ':': text for the model (its tokenizer makes the tokens).
    case feed(String)
}

/// Why a line is not a command; `message` is ready for the message line.
public struct CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
