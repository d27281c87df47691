import Foundation
import TerminalUI

/// Runs one `BackgroundWork` on a copy of the explorer on another thread; the loop polls `result`
/// and hands it to the controller when it is there.
final class BackgroundRunner: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<Explorer, any Error>?
    let work: BackgroundWork

    init(_ work: BackgroundWork, on explorer: Explorer) {
        self.work = work
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            var copy = explorer
            let result = Result { () throws -> Explorer in
                try work.run(on: &copy, loadModel: SampleModels.load)
                return copy
            }
            lock.withLock { outcome = result }
        }
    }

    /// The result once the work is over, nil while it runs.
    var result: Result<Explorer, any Error>? { lock.withLock { outcome } }
}
