import Foundation

/// Short number formats shared by every pane, so the same value reads the same everywhere.
enum ValueFormat {
    /// Three significant digits, e.g. "0.832", "-12.5", "1.2e-05".
    static func short(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(format: "%.3g", Double(value))
    }

    /// Signed with an explicit '+', for colour bar limits.
    static func signed(_ value: Float) -> String {
        value > 0 ? "+" + short(value) : short(value)
    }

    static func percent(_ p: Float) -> String {
        String(format: "%5.1f%%", Double(p * 100))
    }

    static func fixed(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
