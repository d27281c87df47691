import Foundation
import Testing
@testable import Tokenizers

/// Every field of every golden vector (HF tokenizers 0.22.2 on 300 texts, with and without special
/// tokens) for the four small tokenizers and the three real ones.
@Suite struct GoldenVectorTests {
    @Test(arguments: Fixtures.smallNames + Fixtures.realNames)
    func matchesEveryGoldenVector(_ name: String) throws {
        let tokenizer = try Fixtures.tokenizer(name)
        let vectors = try Fixtures.jsonLines("golden/vectors-\(name).jsonl.xz")
        #expect(vectors.count == 600)
        var failures: [String] = []
        for vector in vectors {
            if let problem = difference(vector, tokenizer) { failures.append(problem) }
        }
        #expect(failures.isEmpty, "\(name): \(failures.count) of \(vectors.count) differ; first: \(failures.prefix(5).joined(separator: "\n"))")
    }
}
