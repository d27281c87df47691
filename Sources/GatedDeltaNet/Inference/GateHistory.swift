/// alpha and beta of every head of every layer for every token so far: small (2 floats a head a
/// token), so it is kept whole for the sparklines over time.
public struct GateHistory: Sendable, Equatable {
    public let layerCount: Int
    public let headCount: Int
    /// Per layer, [T, HV] row-major.
    public private(set) var logDecay: [[Float]]
    public private(set) var beta: [[Float]]

    public init(layerCount: Int, headCount: Int) {
        self.layerCount = layerCount
        self.headCount = headCount
        logDecay = Array(repeating: [], count: layerCount)
        beta = Array(repeating: [], count: layerCount)
    }

    public var count: Int { (logDecay.first?.count ?? 0) / max(headCount, 1) }

    mutating func append(layer: Int, logDecay g: some Collection<Float>, beta b: some Collection<Float>) {
        logDecay[layer] += g
        beta[layer] += b
    }

    mutating func truncate(to tokens: Int) {
        for l in 0..<layerCount {
            logDecay[l].removeSubrange((tokens * headCount)...)
            beta[l].removeSubrange((tokens * headCount)...)
        }
    }

    /// alpha = exp(g) of one head over time.
    public func alpha(layer: Int, head: Int) -> [Float] {
        stride(from: head, to: logDecay[layer].count, by: headCount).map { Foundation.exp(logDecay[layer][$0]) }
    }

    public func beta(layer: Int, head: Int) -> [Float] {
        stride(from: head, to: beta[layer].count, by: headCount).map { beta[layer][$0] }
    }
}

import Foundation
