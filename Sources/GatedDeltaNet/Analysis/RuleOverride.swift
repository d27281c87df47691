/// A teacher's "what if" for one rule's replay: force alpha = 1 (no forgetting) and/or force beta
/// to a value (0: no writes at all under the delta rules; 1: full overwrite). beta only changes the
/// rules that correct with a delta; the plain rules always write with strength 1.
public struct RuleOverride: Hashable, Sendable {
    public var forcesAlphaOne: Bool
    public var forcedBeta: Float?

    public init(forcesAlphaOne: Bool = false, forcedBeta: Float? = nil) {
        self.forcesAlphaOne = forcesAlphaOne
        self.forcedBeta = forcedBeta
    }

    public static let none = RuleOverride()

    public var isActive: Bool { forcesAlphaOne || forcedBeta != nil }

    /// Short text for screens: "α=1 β=0", or "" when nothing is forced.
    public var label: String {
        var parts: [String] = []
        if forcesAlphaOne { parts.append("α=1") }
        if let beta = forcedBeta { parts.append("β=\(beta == 0 ? "0" : beta == 1 ? "1" : "\(beta)")") }
        return parts.joined(separator: " ")
    }

    /// The next beta setting in the cycle as-is -> 0 -> 1 -> as-is.
    public mutating func cycleBeta() {
        switch forcedBeta {
        case nil: forcedBeta = 0
        case 0?: forcedBeta = 1
        default: forcedBeta = nil
        }
    }
}
