#!/usr/bin/env python3
"""HF tokenizers' side of the tokenizer benchmark: load time of each tokenizer.json and single-thread
encode throughput (MB/s of UTF-8 input) on the same text as `gdn-tui bench --tokenizers DIR`.

    RAYON_NUM_THREADS=1 /tmp/tokenv/bin/python Samples/tokenizers/bench_hf.py TEXT DIR [NAME...]

DIR holds NAME/tokenizer.json (default names qwen3.5 and mistral-v1, as rebuild_real.py writes them).
Prints one JSON object per row with the names of gdn-tui's rows: tokenizer_load_s, tokenizer_encode_mbps.
Timing: fastest of several runs, as gdn-tui's BenchTimer does.
"""
import json
import os
import sys
import time

os.environ.setdefault("RAYON_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
from tokenizers import Tokenizer  # noqa: E402


def fastest(body, budget=3.0, minimum=3):
    body()
    best, start, runs = float("inf"), time.perf_counter(), 0
    while True:
        t0 = time.perf_counter()
        body()
        best = min(best, time.perf_counter() - t0)
        runs += 1
        if time.perf_counter() - start >= budget and runs >= minimum:
            return best


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    megabytes = len(text.encode("utf-8")) / 1e6
    names = sys.argv[3:] or ["qwen3.5", "mistral-v1"]
    for name in names:
        path = os.path.join(sys.argv[2], name, "tokenizer.json")
        if not os.path.exists(path):
            print(json.dumps({"note": f"{path} not found, skipped"}))
            continue
        load = fastest(lambda: Tokenizer.from_file(path), budget=2.0)
        print(json.dumps({"name": "tokenizer_load_s", "value": round(load, 4), "unit": "s", "tool": "hf-tokenizers", "tokenizer": name}))
        tokenizer = Tokenizer.from_file(path)
        encode = fastest(lambda: tokenizer.encode(text, add_special_tokens=False))
        print(json.dumps({"name": "tokenizer_encode_mbps", "value": round(megabytes / encode, 3), "unit": "MB/s", "tool": "hf-tokenizers",
                          "tokenizer": name, "tokens": len(tokenizer.encode(text, add_special_tokens=False).ids)}))


if __name__ == "__main__":
    main()
