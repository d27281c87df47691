import Foundation

/// Progress and the cancel flag of one piece of background work, safe to share between threads.
public final class WorkStatus: @unchecked Sendable {
    private let lock = NSLock()
    private var done = (0, 0)
    private var cancelled = false
    public let label: String

    init(label: String) { self.label = label }

    public func report(_ done: Int, of total: Int) { lock.withLock { self.done = (done, total) } }

    /// Asks the work to stop at its next check.
    public func cancel() { lock.withLock { cancelled = true } }

    public var isCancelled: Bool { lock.withLock { cancelled } }

    public var progressText: String {
        let (d, t) = lock.withLock { done }
        return t > 0 ? "\(label) \(d * 100 / t)% (\(d)/\(t))" : "\(label)..."
    }
}
