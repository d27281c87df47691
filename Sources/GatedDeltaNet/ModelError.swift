/// A problem with a checkpoint, a config or an input, in one line that names the file and the field.
public struct ModelError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ModelError {
    /// Long work stopped on request (quitting while a prefill runs).
    public static let cancelled = ModelError("cancelled")
}
