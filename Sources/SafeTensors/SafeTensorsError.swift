/// A problem with a safetensors file or with a request made of it.
///
/// The message is one line naming the problem (and the tensor when there is one);
/// callers prefix the file path themselves.
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
