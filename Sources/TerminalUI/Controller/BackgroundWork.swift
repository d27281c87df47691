import GatedDeltaNet

/// Model work that would block typing (a long prefill, a long generation, loading a model), as the
/// controller describes it for the executable to run on another thread, on a copy of the explorer.
/// The status is shared with that thread: it reports progress there and reads the cancel flag, which
/// the work checks between pieces (tokens, or checkpoint segments of a prefill).
public struct BackgroundWork: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case prefill(tokens: [Int])
        case generate(count: Int)
        /// A `:load` path or bundled model name, resolved by the executable's model loader.
        case loadModel(path: String)
        /// The teaching views' streams over these steps (`Explorer.prepareStreams`); the keys stay live.
        case teachingStreams(ClosedRange<Int>)
    }

    public let kind: Kind
    /// Shown in the status line with the progress, e.g. "prefill 40% (400/1000)".
    public let label: String
    public let status: WorkStatus

    public init(_ kind: Kind, label: String) {
        self.kind = kind
        self.label = label
        status = WorkStatus(label: label)
    }

    /// Does the work on `explorer`; `loadModel` turns a path into a model (what `--model` accepts).
    public func run(on explorer: inout Explorer,
                    loadModel: (String) throws -> GatedDeltaNetModel) throws {
        switch kind {
        case .prefill(let tokens):
            try explorer.feed(tokens: tokens, progress: status.report, isCancelled: { status.isCancelled })
        case .generate(let count):
            for i in 0..<count where !status.isCancelled {
                try explorer.generate(1)
                status.report(i + 1, of: count)
            }
        case .loadModel(let path):
            try explorer.replaceModel(try loadModel(path))
        case .teachingStreams:
            explorer.prepareStreams()
        }
    }

    public static func == (a: BackgroundWork, b: BackgroundWork) -> Bool {
        a.kind == b.kind && a.label == b.label && a.status === b.status
    }
}
