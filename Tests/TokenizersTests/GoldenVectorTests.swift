import Foundation
import Testing
@testable import Tokenizers

/// Every field of every golden vector (HF tokenizers 0.22.2 on 300 texts, with and without special
/// tokens) for the four small tokenizers and the three real ones.
@Suite struct GoldenVectorTests {
    @Test(arguments: Fixtures.smallNames + Fixtures.realNames)
    func matchesEveryGoldenVector(_ name: String) throws {
        try expectEveryVector(in: "golden/vectors-\(name).jsonl.xz", count: 600, tokenizer: try Fixtures.tokenizer(name), name: name)
    }
}
