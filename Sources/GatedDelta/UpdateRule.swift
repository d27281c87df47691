/// The four memory update rules a teacher compares (PRODUCT.md), as two independent switches:
/// whether the state decays by alpha = exp(g) before a write, and whether the write is a delta-rule
/// correction beta (v - alpha S^T k) instead of the plain value v.
///
///     linear       S + k v^T
///     gated        alpha S + k v^T
///     delta        S + beta k (v - S^T k)^T
///     gatedDelta   alpha S + beta k (v - alpha S^T k)^T
public enum UpdateRule: String, CaseIterable, Sendable, Codable {
    case linear
    case gated
    case delta
    case gatedDelta = "gated_delta"

    /// The state is multiplied by alpha = exp(g) before each write.
    public var decays: Bool { self == .gated || self == .gatedDelta }

    /// The write is beta k (v - p)^T, replacing what memory returned for k, rather than k v^T.
    public var correctsWithDelta: Bool { self == .delta || self == .gatedDelta }

    /// A readable name for screens and reports.
    public var displayName: String {
        switch self {
        case .linear: "linear"
        case .gated: "gated"
        case .delta: "delta"
        case .gatedDelta: "gated delta"
        }
    }

    /// The decay this rule applies for a log decay g.
    @inline(__always)
    public func alpha(logDecay g: Float) -> Float { decays ? Foundation.exp(g) : 1 }

    /// The write strength this rule applies for a beta: plain writes have strength 1.
    @inline(__always)
    public func writeStrength(beta: Float) -> Float { correctsWithDelta ? beta : 1 }
}

import Foundation
