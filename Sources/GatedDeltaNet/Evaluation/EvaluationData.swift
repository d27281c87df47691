import Foundation

/// What `gdn-tui eval` scores, decided by the file's content: a recall file when every non-empty line
/// is a `RecallEpisode` and at least one holds a query; plain text otherwise.
public enum EvaluationData: Sendable, Equatable {
    /// Bytes read as one sequence.
    case text([UInt8])
    /// Episodes, each read on its own from an empty state.
    case recall([RecallEpisode])

    public init(bytes: [UInt8]) {
        let lines = bytes.split(separator: UInt8(ascii: "\n")).map(Array.init)
        let episodes = lines.compactMap(RecallEpisode.init(line:))
        if !lines.isEmpty, episodes.count == lines.count, episodes.contains(where: { !$0.queries.isEmpty }) {
            self = .recall(episodes)
        } else {
            self = .text(bytes)
        }
    }

    public init(contentsOf url: URL) throws(ModelError) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ModelError("\(url.path): cannot read the data file")
        }
        self.init(bytes: Array(data))
        if case .text(let b) = self, b.count < 2 {
            throw ModelError("\(url.path): a text file needs at least 2 bytes to score (it has \(b.count))")
        }
    }
}
