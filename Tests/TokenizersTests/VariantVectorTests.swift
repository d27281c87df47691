import Foundation
import Testing
@testable import Tokenizers

/// Options the golden tokenizers do not use (Samples/tokenizers/make_variants.py): each Split
/// behaviour and invert, ByteLevel's own regex with add_prefix_space, Metaspace first/never with
/// split, added tokens with single_word/lstrip/rstrip/normalized, continuing_subword_prefix and
/// end_of_word_suffix, regex Replace and Strip decoders, no decoder. 800 texts each, against HF.
@Suite struct VariantVectorTests {
    static let names = ["split-removed", "split-mergedwithprevious", "split-mergedwithnext", "split-contiguous", "split-invert",
                        "bytelevel-regex", "added-token-flags", "metaspace-first", "metaspace-never", "subword-prefix-suffix"]

    @Test(arguments: names)
    func matchesEveryVariantVector(_ name: String) throws {
        try expectEveryVector(in: "variants/vectors-\(name).jsonl.xz", count: 1600, tokenizer: try HFTokenizer(json: Fixtures.data("variants/\(name).tokenizer.json.xz")), name: name)
    }
}
