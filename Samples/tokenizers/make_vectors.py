#!/usr/bin/env python3
"""Makes this project's own tokenizer test vectors: 2,400 texts (deterministic, seed 13) covering
whitespace runs, CRLF, contractions (with Unicode case folding: 'S, 'ſ), digits, CJK, Thai, Arabic,
Devanagari, combining marks, Hangul syllables and jamo (including the sequences Foundation's NFC gets
wrong), emoji with ZWJ and skin tones, special-token spellings glued to words, and odd input (U+FFFD,
noncharacters, private use, C0/C1 controls, U+2028, BOM, unassigned scalars), and what HF tokenizers
0.22.2 makes of them with every tokenizer given, in the schema of the golden tokenizer vectors (Tests/TokenizersTests/Fixtures/golden).

    python3 -m venv /tmp/tokenv && /tmp/tokenv/bin/pip install tokenizers==0.22.2
    /tmp/tokenv/bin/python Samples/tokenizers/make_vectors.py OUT_DIR NAME=tokenizer.json ...

writes OUT_DIR/texts.jsonl and OUT_DIR/vectors-NAME.jsonl for each tokenizer (the tests keep them
xz-compressed in Tests/TokenizersTests/Fixtures/generated/).
"""
import json
import random
import sys

import tokenizers
from tokenizers import Tokenizer
from tokenizers.decoders import DecodeStream

SEED = 13
COUNT = 2400

WORDS = ("the of and to in is it you that he was for on are with as I his they be at one have this from or had "
         "by hot word but what some we can out other were all there when up use your how said an each she which do "
         "their time if will way about many then them write would like so these her long make thing see him two has "
         "look more day could go come did number sound no most people my over know water than call first who may "
         "down side been now find Hello World HELLO Zürich naïve café résumé Straße œuvre façade coöperate").split()
CONTRACTIONS = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Ve", "'LL", "'D", "'ſ", "’s", "'x"]
WHITESPACE = [" ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\n\n", " \n", "\n ", "\u00a0", "\u3000", "\u2003",
              "\u000b", "\u000c", "\u0085", "\u2028", "\u2029", "\u200b", "\ufeff", " " * 17, "\t\t", "\r\n\r\n"]
CJK = ["你好", "世界", "中文分词", "東京タワー", "ひらがな", "カタカナ", "加拿大", "新加坡", "ワクチン", "漢字", "我爱北京天安门", "の", "、", "。"]
THAI = ["สวัสดี", "ภาษาไทย", "ครับ", "น้ำ", "กรุงเทพมหานคร", "ที่", "ไม่"]
ARABIC = ["مرحبا", "العالم", "اللغة العربية", "سلام", "كتاب", "\u064b\u064c", "ﻻ", "٣٤٥"]
INDIC = ["नमस्ते", "हिन्दी", "है", "क्षत्रिय", "বাংলা", "தமிழ்", "ಕನ್ನಡ"]
OTHER = ["Привет", "мир", "Ελληνικά", "שלום", "Ողջույն", "ქართული", "አማርኛ", "ᚠᚢᚦ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𐍈", "Ⅻ", "ℌ"]
COMBINING = ["e\u0301", "a\u0308", "o\u0302\u0323", "o\u0323\u0302", "n\u0303", "\u0301", "A\u030a", "\u212b", "\u2126",
             "e\u0301\u0301", "i\u0307", "\u0338", "=\u0338", "q\u0307\u0323", "\u1e0b\u0323", "\u0344", "\u0f73",
             "\u00e9", "\u00c5", "u\u031b\u0301", "\u05d0\u05b8", "a\u0300\u0316", "\u0915\u093c"]
HANGUL = ["한국어", "안녕하세요", "\u1100\u1161", "\u1100\u1161\u11a8", "\uac00\u11a8", "\uac00\u11a7",
          "\u1100\u1161\u11a7", "\u1100\u1176", "\u1113\u1161", "\ud7a3\u11a8", "\uac01\u11a8", "\u1112\u1175\u11ab",
          "\u1100\u0301\u1161", "\u3131\u314f", "\ua960\u1161", "\u1100\u1161\ud7b0", "\u115f\u1160", "\uac00\u11c3"]
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️", "🇯🇵", "🇺🇸🇬🇧", "🧑🏿‍🚀", "🦙", "✨", "1️⃣", "🙂\u200d", "\u200d", "👩‍💻", "🐈‍⬛"]
DIGITS = ["0", "7", "42", "123", "1234", "12345", "3.14159", "1,000,000", "2024-06-01", "0x1F", "٣", "१२३", "１２３", "½", "²", "1e-9", "007"]
CODE = ["def f(x):\n    return x + 1\n", "if (a && b) { return; }", "x = [1, 2, 3]", "#include <stdio.h>", "a->b", "i++",
        "foo_bar_baz", "CamelCaseWord", "snake_case", "https://example.com/a?b=c&d=e", "user@example.org", "<div class=\"x\">",
        "    indented", "\t\tdeep", "// comment", "/* block */", "λx.x", "$HOME/.bashrc", "`code`", "**bold**", "~~~", "...", "!!!", "?!", "--", "—", "–"]
ODD = ["\ufffd", "\ufffd\ufffd", "\ufffe", "\uffff", "\ue000", "\U0010ffff", "\U000e0001", "\u0000", "\u0001", "\u001b[31m",
       "\u007f", "\u0080", "\u009f", "\U0001fffe", "\u0378", "\U000f0000", "\u00ad", "\u061c", "\u202e", "\u2066", "\U0001d11e"]
SPECIALS = ["<s>", "</s>", "<unk>", "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>", "<think>", "</think>",
            "<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<mask>", "<|sep|>", "<|user|>", "<|fim_prefix|>", "<|vision_start|>",
            "<|im_end|>\u0338", "<s", "s>", "<|im_", "<<s>>", "<mask><mask>", "<|sep|><|sep|>"]

POOLS = [WORDS, CONTRACTIONS, WHITESPACE, CJK, THAI, ARABIC, INDIC, OTHER, COMBINING, HANGUL, EMOJI, DIGITS, CODE, ODD, SPECIALS]


def fragment(rng):
    pool = rng.choice(POOLS)
    return rng.choice(pool)


def text(rng, index):
    kind = index % 12
    if kind == 0:   # words and whitespace, sentence-like
        parts = []
        for _ in range(rng.randint(1, 12)):
            parts.append(rng.choice(WORDS) + (rng.choice(CONTRACTIONS) if rng.random() < 0.2 else ""))
            parts.append(rng.choice([" ", " ", " ", ", ", ". ", "\n", "  ", "\r\n"]))
        return "".join(parts).rstrip(" ") if rng.random() < 0.5 else "".join(parts)
    if kind == 1:   # whitespace runs around words
        return "".join(rng.choice(WHITESPACE) * rng.randint(1, 4) + rng.choice(WORDS) for _ in range(rng.randint(1, 5))) + rng.choice(WHITESPACE)
    if kind == 2:   # special tokens glued to words, with and without spaces
        glue = ["", " ", "  ", "\n", "\t"]
        return "".join(rng.choice(SPECIALS) + rng.choice(glue) + rng.choice(WORDS + CJK) + rng.choice(glue) for _ in range(rng.randint(1, 4)))
    if kind == 3:   # digits in context
        return " ".join(rng.choice(DIGITS) + rng.choice(["", "", "px", "%", " apples", "年", ".", ","]) for _ in range(rng.randint(1, 6)))
    if kind == 4:   # scripts
        pool = rng.choice([CJK, THAI, ARABIC, INDIC, OTHER, HANGUL])
        return rng.choice(["", " "]).join(rng.choice(pool) for _ in range(rng.randint(1, 6)))
    if kind == 5:   # combining marks and Hangul sequences, alone and inside words
        pool = rng.choice([COMBINING, HANGUL])
        return "".join(rng.choice(pool) + rng.choice(["", "", " ", "x", "가"]) for _ in range(rng.randint(1, 5)))
    if kind == 6:   # emoji
        return "".join(rng.choice(EMOJI) + rng.choice(["", "", " ", "!", " ok "]) for _ in range(rng.randint(1, 5)))
    if kind == 7:   # code
        return "".join(rng.choice(CODE) for _ in range(rng.randint(1, 4)))
    if kind == 8:   # odd scalars
        return "".join(rng.choice(ODD + WORDS[:5] + [" "]) for _ in range(rng.randint(1, 6)))
    if kind == 9:   # random scalars from all planes (no surrogates)
        out = []
        for _ in range(rng.randint(1, 10)):
            plane = rng.choice([0x80, 0x800, 0x3000, 0x10000, 0x20000, 0x110000])
            c = rng.randrange(0, plane)
            if 0xD800 <= c < 0xE000:
                c = 0xFFFD
            out.append(chr(c))
        return "".join(out)
    if kind == 10:  # long runs
        unit = rng.choice(["a", " ", "ab", "\n", "Ġ", "▁", "--", "🙂", "한", "0", "ſ", "'s"])
        return unit * rng.randint(20, 300)
    return "".join(fragment(rng) for _ in range(rng.randint(1, 10)))   # anything next to anything


def texts():
    rng = random.Random(SEED)
    out = ["", " ", "\n", "  \n  ", "<s>", " <s> ", "a <s> b", "<|im_end|>"]
    while len(out) < COUNT:
        out.append(text(rng, len(out)))
    return out


def vectors(tokenizer, items):
    for item in items:
        for add in (False, True):
            encoding = tokenizer.encode(item, add_special_tokens=add)
            stream = DecodeStream(skip_special_tokens=False)
            chunks = []
            for i in encoding.ids:
                try:
                    chunks.append(stream.step(tokenizer, i))
                except Exception:   # InvalidPrefix: nothing is shown for this step
                    chunks.append(None)
            yield {"text": item, "add_special_tokens": add, "ids": encoding.ids, "tokens": encoding.tokens,
                   "decoded": tokenizer.decode(encoding.ids, skip_special_tokens=False),
                   "decoded_skip_special": tokenizer.decode(encoding.ids, skip_special_tokens=True), "stream": chunks}


def dump(value):
    # Line breaks other than "\n" stay escaped, so a reader may split on any of them.
    line = json.dumps(value, ensure_ascii=False)
    for c in ["\u0085", "\u2028", "\u2029", "\ufeff"] + [chr(c) for c in range(0x80, 0xA0)]:
        line = line.replace(c, "\\u%04x" % ord(c))
    return line


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    assert tokenizers.__version__ == "0.22.2", tokenizers.__version__
    out = sys.argv[1]
    items = texts()
    with open(f"{out}/texts.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for item in items:
            f.write(dump({"text": item}) + "\n")
    for argument in sys.argv[2:]:
        name, path = argument.split("=", 1)
        tokenizer = Tokenizer.from_file(path)
        with open(f"{out}/vectors-{name}.jsonl", "w", encoding="utf-8", newline="\n") as f:
            for vector in vectors(tokenizer, items):
                f.write(dump(vector) + "\n")
        print(name, len(items) * 2, "vectors")


if __name__ == "__main__":
    main()
