#!/usr/bin/env python3
"""Writes the 1 MB mixed text that both tokenizer benchmarks encode (`gdn-tui bench --tokenizers DIR`
and bench_hf.py): deterministic (seed 7), about 70% English prose and code, 30% other scripts
(CJK, Hangul, Cyrillic, Arabic, Thai, Devanagari), digits, emoji and whitespace runs.

    python3 Samples/tokenizers/make_bench_text.py OUT.txt
"""
import random
import sys

SIZE = 1_000_000

PROSE = ("The gated delta rule erases part of the memory before it writes the new association. "
         "Each head keeps a matrix state, and the gate alpha decides how much of it survives a step. "
         "We don't know whether it'll work, but they've said it's fast: 3.5x faster on 4096 tokens. ")
CODE = ("def forward(self, x):\n    h = self.norm(x)\n    return x + self.mlp(h)  # residual\n\n"
        "for (int i = 0; i < n; i++) {\n\tsum += a[i] * b[i];\n}\n")
OTHER = ["深度学习模型在自然语言处理中取得了巨大的成功。", "東京タワーは高さ三百三十三メートルです。", "안녕하세요, 오늘 날씨가 좋네요.",
         "Привет, как дела? Всё хорошо.", "مرحبا بكم في عالم الذكاء الاصطناعي.", "ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ",
         "हिन्दी भारत की राजभाषा है।", "Ελληνικά και Ζυρίχη, naïve café.", "👍🏽 🎉 👨‍👩‍👧‍👦 ok!", "2024-06-01 12:34:56 1,234,567.89 ",
         "    \n\n\t\t   ", "\r\n"]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rng = random.Random(7)
    parts, size = [], 0
    while size < SIZE:
        r = rng.random()
        piece = PROSE if r < 0.5 else CODE if r < 0.7 else rng.choice(OTHER)
        if r < 0.7:
            words = piece.split(" ")
            start = rng.randrange(len(words))
            piece = " ".join(words[start:] + words[:start])
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    text = "".join(parts).encode("utf-8")[:SIZE].decode("utf-8", errors="ignore")
    with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
        f.write(text)


if __name__ == "__main__":
    main()
