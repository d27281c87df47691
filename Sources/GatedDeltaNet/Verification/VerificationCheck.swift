/// One comparison `gdn-tui verify` reports: a JSON line with --json, a human line otherwise.
public struct VerificationCheck: Sendable, Codable, Equatable {
    public var path: String
    public var check: String
    public var metric: String
    public var value: Double
    public var tolerance: Double
    public var pass: Bool

    public init(path: String, check: String, metric: String, value: Double, tolerance: Double) {
        self.path = path
        self.check = check
        self.metric = metric
        self.value = value
        self.tolerance = tolerance
        pass = value <= tolerance   // NaN fails
    }

    public var humanLine: String {
        let verdict = pass ? "PASS" : "FAIL"
        let value = self.value.isNaN ? "nan" : String(format: "%.2e", self.value)
        return "\(verdict)  \(check.padding(toLength: 13, withPad: " ", startingAt: 0)) \(metric.padding(toLength: 15, withPad: " ", startingAt: 0)) \(value) (tol \(String(format: "%.0e", tolerance)))  \(path)"
    }
}

import Foundation
