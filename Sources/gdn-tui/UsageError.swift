/// A request the command line cannot carry out, found after parsing (e.g. a step past the end of the
/// prompt): printed as one line, exit status 1, without the usage text that a parse error shows.
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
