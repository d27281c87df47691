import ArgumentParser
import Foundation
import GatedDeltaNet

/// `gdn-tui eval`: bits per byte on a text file, or recall accuracy on a recall file (the format is
/// read from the file's content; see EvaluationData and Evaluation for the exact scoring).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a model on a data file: bits per byte on text, answer accuracy on recall episodes.",
        discussion: """
            A file is a recall file when every non-empty line is an episode of writes `key=value` and \
            queries `?key>answer` separated by single spaces (lowercase keys, lowercase or digit values) \
            and some line holds a query; each episode is read from an empty state and a query is \
            answered when the most likely next byte matches every answer byte under teacher forcing. \
            Anything else is text, read as one sequence in the model's tokenizer: bits per token over all tokens but the first, and the same bits per byte of the predicted tokens.
            """)

    @Option(help: "fla checkpoint directory, or the name of a bundled sample model.")
    var model: String

    @Option(help: "The data file to score.")
    var data: String

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    /// What --json prints: the model and file next to the scores.
    struct Report: Encodable {
        let model: String
        let data: String
        let updateRule: String
        let result: Evaluation

        enum CodingKeys: String, CodingKey { case model, data, updateRule = "update_rule" }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(model, forKey: .model)
            try c.encode(data, forKey: .data)
            try c.encode(updateRule, forKey: .updateRule)
            try result.encode(to: encoder)
        }
    }

    func run() throws {
        let loaded = try SampleModels.load(model)
        let dataURL = URL(fileURLWithPath: data)
        let evaluationData = try FileRefused.reading { try EvaluationData(contentsOf: dataURL) }
        let result = try loaded.evaluate(evaluationData)
        let report = Report(model: loaded.name, data: dataURL.lastPathComponent,
                            updateRule: loaded.config.rule.rawValue, result: result)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Self.summary(report))
        }
    }

    static func summary(_ r: Report) -> String {
        let e = r.result
        switch e.format {
        case .text:
            return "\(r.model) on \(r.data): \(String(format: "%.4f", e.bitsPerByte ?? .nan)) bits per byte, "
                + "\(String(format: "%.4f", e.bitsPerToken ?? .nan)) bits per token over \(e.predicted ?? 0) predicted tokens"
        case .recall:
            return "\(r.model) on \(r.data): \(e.answered ?? 0) of \(e.queries ?? 0) queries answered "
                + "(\(String(format: "%.2f", 100 * (e.accuracy ?? 0)))%) in \(e.lines ?? 0) episodes"
        }
    }
}
