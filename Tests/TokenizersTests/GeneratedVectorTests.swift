import Foundation
import Testing
@testable import Tokenizers

/// This project's own 2,400 texts (Samples/tokenizers/make_vectors.py, seed 13) through all seven
/// tokenizers, with and without special tokens, against HF tokenizers 0.22.2: every field.
@Suite struct GeneratedVectorTests {
    @Test(arguments: Fixtures.smallNames + Fixtures.realNames)
    func matchesEveryGeneratedVector(_ name: String) throws {
        try expectEveryVector(in: "generated/vectors-\(name).jsonl.xz", count: 4800, tokenizer: try Fixtures.tokenizer(name), name: name)
    }
}
