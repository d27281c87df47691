#!/usr/bin/env python3
"""Makes tokenizer variants that exercise the options the golden set does not: Split with each of its
five behaviours and invert, ByteLevel with its own regex and add_prefix_space, Metaspace with
prepend_scheme first and never and split, added tokens with single_word / lstrip / rstrip /
normalized, continuing_subword_prefix and end_of_word_suffix, a regex Replace normalizer, Strip
and regex Replace decoders, no decoder at all (HF's Strip with stop > 0 panics on an empty or short
token, so the variants strip at the start only). Each is a small golden tokenizer with parts swapped,
or a BPE trained here (deterministically) for the prefix and suffix; the vectors are HF tokenizers
0.22.2 on the first 800 texts of make_vectors.py.

    /tmp/tokenv/bin/python Samples/tokenizers/make_variants.py GOLDEN_DIR OUT_DIR
"""
import copy
import json
import os
import sys

from tokenizers import Tokenizer, models, pre_tokenizers, trainers

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_vectors  # noqa: E402

BYTELEVEL = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}


def split(pattern, behavior, invert=False):
    return {"type": "Split", "pattern": pattern, "behavior": behavior, "invert": invert}


def variants(golden):
    def load(name):
        with open(os.path.join(golden, name, "tokenizer.json"), encoding="utf-8") as f:
            return json.load(f)
    bytelevel, metaspace = load("small-bytelevel"), load("small-metaspace-always")
    out = {}
    for behavior in ["Removed", "MergedWithPrevious", "MergedWithNext", "Contiguous"]:
        t = copy.deepcopy(bytelevel)
        t["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [split({"Regex": r"\p{P}+|\s"}, behavior), BYTELEVEL]}
        out["split-" + behavior.lower()] = t
    t = copy.deepcopy(bytelevel)
    t["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [split({"String": " "}, "Removed", invert=True),
                                                                split({"Regex": r"\d"}, "Isolated", invert=True), BYTELEVEL]}
    out["split-invert"] = t
    t = copy.deepcopy(bytelevel)
    t["normalizer"] = {"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Replace", "pattern": {"Regex": r"\s{2,}"}, "content": "\t"}]}
    t["pre_tokenizer"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    t["decoder"] = {"type": "Sequence", "decoders": [BYTELEVEL, {"type": "Replace", "pattern": {"Regex": r"o+"}, "content": "0"},
                                                     {"type": "Strip", "content": " ", "start": 2, "stop": 0}]}
    out["bytelevel-regex"] = t
    t = copy.deepcopy(bytelevel)
    t["decoder"] = None
    t["added_tokens"] += [
        {"id": 3007, "content": "word", "single_word": True, "lstrip": False, "rstrip": False, "normalized": False, "special": False},
        {"id": 3008, "content": "<L>", "single_word": False, "lstrip": True, "rstrip": False, "normalized": False, "special": True},
        {"id": 3009, "content": "<R>", "single_word": False, "lstrip": False, "rstrip": True, "normalized": True, "special": False},
        {"id": 3010, "content": "café", "single_word": True, "lstrip": True, "rstrip": True, "normalized": True, "special": False},
        {"id": 3011, "content": "<|im_end|>", "single_word": False, "lstrip": True, "rstrip": True, "normalized": False, "special": True},
        {"id": 3012, "content": "e\u0301!", "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": True},
    ]
    out["added-token-flags"] = t
    for scheme in ["first", "never"]:
        t = copy.deepcopy(metaspace)
        t["pre_tokenizer"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": scheme, "split": True}
        t["decoder"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": scheme, "split": True}
        out["metaspace-" + scheme] = t
    # A BPE with continuing_subword_prefix and end_of_word_suffix, trained here.
    model = models.BPE(unk_token="[UNK]", continuing_subword_prefix="##", end_of_word_suffix="</w>", fuse_unk=False)
    trained = Tokenizer(model)
    trained.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.BpeTrainer(vocab_size=600, special_tokens=["[UNK]", "[CLS]"], continuing_subword_prefix="##",
                                  end_of_word_suffix="</w>", show_progress=False, limit_alphabet=120)
    corpus = [" ".join(make_vectors.WORDS)] * 20 + make_vectors.texts()[:400]
    trained.train_from_iterator(corpus, trainer)
    t = json.loads(trained.to_str())
    t["pre_tokenizer"] = {"type": "Split", "pattern": {"Regex": r"\w+|[^\w\s]+"}, "behavior": "Isolated", "invert": False}
    t["decoder"] = {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "##"}, "content": ""},
                                                     {"type": "Replace", "pattern": {"String": "</w>"}, "content": " "}, {"type": "Fuse"},
                                                     {"type": "Replace", "pattern": {"Regex": " $"}, "content": ""}]}
    t["post_processor"] = {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                           "pair": [], "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [1], "tokens": ["[CLS]"]}}}
    out["subword-prefix-suffix"] = t
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    golden, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    items = make_vectors.texts()[:800]
    for name, config in variants(golden).items():
        text = json.dumps(config, ensure_ascii=False)
        tokenizer = Tokenizer.from_str(text)
        with open(os.path.join(out, f"{name}.tokenizer.json"), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(out, f"vectors-{name}.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for vector in make_vectors.vectors(tokenizer, items):
                f.write(make_vectors.dump(vector) + "\n")
        print(name)


if __name__ == "__main__":
    main()
