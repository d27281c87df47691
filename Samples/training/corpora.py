"""Training and evaluation data for the sample models (deterministic; numpy only).

Text: Debian's `fortunes` and `fortunes-min` packages (1:1.99.1-7.3): every fortune file under
usr/share/games/fortunes except ascii-art, ethnic, men-women and translate-me, files in name order,
records split at lines holding only `%`, stripped, and joined with a blank line. Record i goes to
    held-out test if i % 20 == 0,  validation (best-checkpoint choice) if i % 20 == 1,  training else.

Recall: one episode per line, bytes only from `a-z 0-9 = ? > space newline`:

    b=4 q=1 b=7 ?b>7 x=0 q=3 ?q>3 ?b>7

`k=d` writes digit d under key k; `?k>d` asks for key k and d is the answer: the latest value written
to k before the query. Per episode: 2-8 distinct keys in play, 4-16 writes (every key written at least
once, the rest overwrites), 1-4 queries, each asking a key already written (the last one always at the
end). Keys that are never asked are the distractors. The answer is one byte; a model answers a query
correctly when its most likely byte after `>` is the answer (teacher forcing: the episode is read as
written, state starting empty at the start of each line).
"""
from __future__ import annotations

import os
import string

import numpy as np

EXCLUDED = {'ascii-art', 'ethnic', 'men-women', 'translate-me'}
KEYS = string.ascii_lowercase
VALUES = string.digits


def fortune_records(root: str) -> list[str]:
    """The records of the fortune files under `root` (an unpacked fortunes .deb), in a fixed order."""
    folder = os.path.join(root, 'usr/share/games/fortunes')
    names = sorted(n for n in os.listdir(folder)
                   if '.' not in n and n not in EXCLUDED and os.path.isfile(os.path.join(folder, n)))
    records = []
    for name in names:
        text = open(os.path.join(folder, name), encoding='utf-8', errors='strict').read()
        record = []
        for line in text.split('\n'):
            if line == '%':
                if ''.join(record).strip():
                    records.append('\n'.join(record).strip())
                record = []
            else:
                record.append(line)
        if ''.join(record).strip():
            records.append('\n'.join(record).strip())
    return records


def split_records(records: list[str]) -> dict[str, str]:
    """train / validation / test texts (see the module comment)."""
    parts = {'train': [], 'validation': [], 'test': []}
    for i, r in enumerate(records):
        parts['test' if i % 20 == 0 else 'validation' if i % 20 == 1 else 'train'].append(r)
    return {k: '\n\n'.join(v) + '\n' for k, v in parts.items()}


def recall_episode(rng: np.random.Generator, keys_in_play=(2, 8), writes=(4, 16), queries=(1, 4)) -> str:
    """One recall episode (see the module comment), without its newline. The ranges are inclusive; the
    defaults are the training distribution."""
    n_keys = int(rng.integers(keys_in_play[0], keys_in_play[1] + 1))
    keys = [KEYS[i] for i in rng.choice(len(KEYS), n_keys, replace=False)]
    n_writes = int(rng.integers(max(writes[0], n_keys), writes[1] + 1))
    writes = keys + [keys[i] for i in rng.integers(0, n_keys, n_writes - n_keys)]
    rng.shuffle(writes)
    n_queries = int(rng.integers(queries[0], queries[1] + 1))
    # queries go after write positions 1..n_writes (the last one after the final write)
    slots = sorted(list(rng.integers(1, n_writes + 1, n_queries - 1)) + [n_writes])
    memory, tokens, s = {}, [], 0
    for w, key in enumerate(writes, start=1):
        value = VALUES[int(rng.integers(0, 10))]
        memory[key] = value
        tokens.append(f'{key}={value}')
        while s < len(slots) and slots[s] == w:
            asked = list(memory)[int(rng.integers(0, len(memory)))]
            tokens.append(f'?{asked}>{memory[asked]}')
            s += 1
    return ' '.join(tokens)


def recall_episodes(seed: int, count: int, **ranges) -> list[str]:
    rng = np.random.default_rng(seed)
    return [recall_episode(rng, **ranges) for _ in range(count)]


# A harder set than training, for comparing the update rules: every episode has 8 keys in play and
# 32-40 writes (so 24+ overwrites, and lines of 150-180 bytes, longer than the 128-byte training rows).
STRESS = dict(keys_in_play=(8, 8), writes=(32, 40), queries=(4, 4))


def recall_queries(line: str) -> list[tuple[int, str]]:
    """(index of the `>` byte, answer bytes) of each query in an episode line."""
    out, i = [], 0
    for token in line.split(' '):
        if token.startswith('?'):
            gt = token.index('>')
            out.append((i + gt, token[gt + 1:]))
        i += len(token) + 1
    return out
