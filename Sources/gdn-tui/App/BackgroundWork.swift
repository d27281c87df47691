import Foundation
import TerminalUI

/// Model work that would block typing (a long prefill, a long generation, loading a model) runs here,
/// on a copy of the explorer; the event loop polls `progress` and takes the result when it is done.
final class BackgroundWork: @unchecked Sendable {
    private let lock = NSLock()
    private var done: (Int, Int) = (0, 0)
    private var outcome: Result<Explorer, Error>?
    let label: String

    init(label: String, explorer: Explorer, work: @escaping @Sendable (inout Explorer, BackgroundWork) throws -> Void) {
        self.label = label
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            var copy = explorer
            do {
                try work(&copy, self)
                finish(.success(copy))
            } catch {
                finish(.failure(error))
            }
        }
    }

    func report(_ done: Int, of total: Int) {
        lock.withLock { self.done = (done, total) }
    }

    private func finish(_ result: Result<Explorer, Error>) {
        lock.withLock { outcome = result }
    }

    /// The result once the work is over, nil while it runs.
    var result: Result<Explorer, Error>? { lock.withLock { outcome } }

    var progressText: String {
        let (d, t) = lock.withLock { done }
        return t > 0 ? "\(label) \(d * 100 / t)% (\(d)/\(t))" : "\(label)..."
    }
}
