import Foundation

/// How the next token is chosen: greedy (temperature 0), or sampled with temperature, top-k and top-p.
public struct SamplingSettings: Sendable, Hashable {
    public var temperature: Float
    /// Keep only the k most likely tokens; 0 keeps all.
    public var topK: Int
    /// Keep the smallest set of tokens whose probability reaches p; 1 keeps all.
    public var topP: Float
    public var seed: UInt64

    public init(temperature: Float = 0, topK: Int = 0, topP: Float = 1, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
    }
}

/// Chooses tokens from logits, reproducibly for a seed.
public struct Sampler: Sendable {
    public var settings: SamplingSettings
    private var generator: SplitMix64

    public init(_ settings: SamplingSettings) {
        self.settings = settings
        generator = SplitMix64(seed: settings.seed)
    }

    public mutating func next(logits: [Float]) -> Int {
        precondition(!logits.isEmpty, "Sampler: no logits")
        guard settings.temperature > 0 else { return Self.argmax(logits) }
        let probabilities = Self.softmax(logits, temperature: settings.temperature)
        var candidates = settings.topK > 0 ? Self.ranked(probabilities, top: settings.topK) : Self.ranked(probabilities)
        if settings.topP < 1 {
            var total: Float = 0
            var kept = 0
            for c in candidates {
                kept += 1
                total += c.probability
                if total >= settings.topP { break }
            }
            candidates = Array(candidates.prefix(max(1, kept)))
        }
        let mass = candidates.reduce(0) { $0 + $1.probability }
        var draw = Float(Double(generator.next() >> 11) / Double(1 << 53)) * mass
        for c in candidates {
            draw -= c.probability
            if draw <= 0 { return c.token }
        }
        return candidates.last!.token
    }

    public static func argmax(_ x: [Float]) -> Int {
        var best = 0
        for i in x.indices where x[i] > x[best] { best = i }
        return best
    }

    /// softmax(x / temperature), stable (max subtracted); temperature 0 means 1.
    public static func softmax(_ logits: [Float], temperature: Float = 1) -> [Float] {
        let t = temperature > 0 ? temperature : 1
        let top = logits.max() ?? 0
        var p = logits.map { Foundation.exp(($0 - top) / t) }
        let sum = p.reduce(0, +)
        for i in p.indices { p[i] /= sum }
        return p
    }

    /// Tokens by falling probability (ties by token id, so the order is stable).
    public static func ranked(_ probabilities: [Float]) -> [(token: Int, probability: Float)] {
        probabilities.enumerated().map { (token: $0.offset, probability: $0.element) }
            .sorted(by: Self.ranksBefore)
    }

    /// The `k` most likely tokens in the order of `ranked`, in one pass that keeps a sorted list of k:
    /// a screen asks for the top 8 of a 248k vocabulary every frame, and sorting it all would be waste.
    public static func ranked(_ probabilities: [Float], top k: Int) -> [(token: Int, probability: Float)] {
        guard k > 0 else { return [] }
        var best: [(token: Int, probability: Float)] = []
        best.reserveCapacity(k + 1)
        for (token, p) in probabilities.enumerated() {
            let entry = (token: token, probability: p)
            if best.count == k, !ranksBefore(entry, best[k - 1]) { continue }
            let at = best.firstIndex { ranksBefore(entry, $0) } ?? best.count
            best.insert(entry, at: at)
            if best.count > k { best.removeLast() }
        }
        return best
    }

    private static func ranksBefore(_ a: (token: Int, probability: Float), _ b: (token: Int, probability: Float)) -> Bool {
        a.probability != b.probability ? a.probability > b.probability : a.token < b.token
    }
}

/// A small, fast, seedable generator (Steele, Lea, Flood 2014), so a seed gives the same text everywhere.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
