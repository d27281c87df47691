import Foundation

/// The next-token pane's candidates: the k most likely tokens found in one pass over the logits
/// with a sorted buffer of k (not a sort of the whole vocabulary every frame), and their
/// probabilities softmax(logits / temperature) from a second pass for the normaliser.
enum TopTokens {
    static func select(_ logits: [Float], count k: Int, temperature: Float) -> [(id: Int, probability: Float)] {
        guard k > 0, !logits.isEmpty else { return [] }
        // Most likely first; ties by lower id, as `Sampler.ranked` orders them.
        var top: [(id: Int, logit: Float)] = []
        top.reserveCapacity(k + 1)
        for (id, logit) in logits.enumerated() where !logit.isNaN {
            if top.count == k, let last = top.last, logit <= last.logit { continue }
            var i = top.count
            while i > 0, top[i - 1].logit < logit { i -= 1 }
            top.insert((id, logit), at: i)
            if top.count > k { top.removeLast() }
        }
        let t = temperature > 0 ? temperature : 1
        let largest = top.first?.logit ?? 0
        var sum: Float = 0
        for logit in logits where !logit.isNaN { sum += Foundation.exp((logit - largest) / t) }
        return top.map { ($0.id, Foundation.exp(($0.logit - largest) / t) / sum) }
    }
}
