import Foundation
import Testing
@testable import Tokenizers

/// This project's own 2,400 texts (Samples/tokenizers/make_vectors.py, seed 13) through all seven
/// tokenizers, with and without special tokens, against HF tokenizers 0.22.2: every field.
@Suite struct GeneratedVectorTests {
    @Test(arguments: Fixtures.smallNames + Fixtures.realNames)
    func matchesEveryGeneratedVector(_ name: String) throws {
        let tokenizer = try Fixtures.tokenizer(name)
        let vectors = try Fixtures.jsonLines("generated/vectors-\(name).jsonl.xz")
        #expect(vectors.count == 4800)
        var failures: [String] = []
        for vector in vectors {
            if let problem = difference(vector, tokenizer) { failures.append(problem) }
        }
        #expect(failures.isEmpty, "\(name): \(failures.count) of \(vectors.count) differ; first: \(failures.prefix(5).joined(separator: "\n"))")
    }
}
