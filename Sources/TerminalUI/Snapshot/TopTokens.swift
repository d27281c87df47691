import Foundation

/// The next-token pane's candidates: the k most likely tokens found in one pass over the logits
/// with a sorted buffer of k (`largest`, which also ranks the attention pane's keys; not a sort of
/// the whole vocabulary every frame), and their probabilities softmax(logits / temperature) from a second pass for the normaliser.
enum TopTokens {
    static func select(_ logits: [Float], count k: Int, temperature: Float) -> [(id: Int, probability: Float)] {
        guard k > 0, !logits.isEmpty else { return [] }
        // Most likely first; ties by lower id, as `Sampler.ranked` orders them.
        let top = largest(logits, count: k).map { (id: $0.index, logit: $0.value) }
        let t = temperature > 0 ? temperature : 1
        let maximum = top.first?.logit ?? 0
        var sum: Float = 0
        for logit in logits where !logit.isNaN { sum += Foundation.exp((logit - maximum) / t) }
        return top.map { ($0.id, Foundation.exp(($0.logit - maximum) / t) / sum) }
    }

    /// The k largest values (NaN skipped) and their indices, largest first, ties by lower index: one
    /// pass with a sorted buffer of k.
    static func largest(_ values: [Float], count k: Int) -> [(index: Int, value: Float)] {
        var top: [(index: Int, value: Float)] = []
        guard k > 0 else { return top }
        top.reserveCapacity(k + 1)
        for (index, value) in values.enumerated() where !value.isNaN {
            if top.count == k, let last = top.last, value <= last.value { continue }
            var i = top.count
            while i > 0, top[i - 1].value < value { i -= 1 }
            top.insert((index, value), at: i)
            if top.count > k { top.removeLast() }
        }
        return top
    }
}
