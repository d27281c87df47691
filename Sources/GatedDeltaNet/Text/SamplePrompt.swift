import Foundation

/// A prompt file of Samples/prompts: leading comment lines starting with `# `, among them
/// `# watch: ...` (required: what the prompt shows) and `# model: NAME` (optional), then the prompt,
/// which is every byte after the comment lines less one final newline.
public struct SamplePrompt: Sendable, Equatable {
    public let watch: String
    public let model: String?
    public let text: String

    public init(parsing content: String, file: String) throws(ModelError) {
        var lines = content.split(separator: "\n", omittingEmptySubsequences: false)[...]
        var watch: String?, model: String?
        while let line = lines.first, line.hasPrefix("# ") {
            let comment = line.dropFirst(2)
            if comment.hasPrefix("watch:") { watch = comment.dropFirst(6).trimmingCharacters(in: .whitespaces) }
            if comment.hasPrefix("model:") { model = comment.dropFirst(6).trimmingCharacters(in: .whitespaces) }
            lines = lines.dropFirst()
        }
        guard let watch, !watch.isEmpty else { throw ModelError("\(file): no \"# watch:\" line before the prompt") }
        var text = lines.joined(separator: "\n")
        if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else { throw ModelError("\(file): the prompt after the comment lines is empty") }
        self.watch = watch
        self.model = model
        self.text = text
    }

    public init(contentsOf url: URL) throws(ModelError) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ModelError("\(url.path): cannot read the prompt file")
        }
        try self.init(parsing: String(decoding: data, as: UTF8.self), file: url.path)
    }
}
