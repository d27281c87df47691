#!/usr/bin/env python3
"""Write the sample models' data (numpy only; deterministic).

    apt-get download fortunes fortunes-min && for f in fortunes*.deb; do dpkg -x $f fortunes-root; done
    python3 prepare_data.py fortunes-root DATA_DIR [--repo REPO_ROOT]

DATA_DIR gets train.txt / validation.txt / test.txt (corpora.split_records). With --repo, the files the
repository ships (all derived from those splits and from fixed seeds, see corpora.py):

    Samples/eval/text-heldout.txt     the first test records, up to 64 KiB      (gdn-tui eval, cards)
    Samples/eval/recall-heldout.txt   1000 recall episodes, seed 2               (gdn-tui eval, cards)
    Samples/eval/recall-stress.txt    500 harder episodes (corpora.STRESS), seed 4  (cards: rule comparison)
    Tests/GatedDeltaNetTests/Fixtures/sample-models/
        text-small.txt                the first test records, up to 2 KiB        (debug-build tests)
        recall-small.txt              the first 100 episodes of recall-heldout
        words.txt                     lowercase words seen at least 3 times in train.txt
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpora  # noqa: E402


def first_records(text: str, limit: int) -> str:
    """Whole records (blank-line separated) from the start of `text`, at most `limit` bytes."""
    out = ''
    for record in text.split('\n\n'):
        piece = record.strip('\n') + '\n\n'
        if len((out + piece).encode()) > limit:
            break
        out += piece
    return out.rstrip('\n') + '\n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('fortunes_root')
    ap.add_argument('data_dir')
    ap.add_argument('--repo')
    a = ap.parse_args()
    parts = corpora.split_records(corpora.fortune_records(a.fortunes_root))
    os.makedirs(a.data_dir, exist_ok=True)
    for name, text in parts.items():
        open(os.path.join(a.data_dir, f'{name}.txt'), 'w').write(text)
        print(name, len(text.encode()), 'bytes')
    if not a.repo:
        return
    heldout = corpora.recall_episodes(2, 1000)
    words = collections.Counter(re.findall(r'[a-z]+', parts['train'].lower()))
    files = {
        'Samples/eval/text-heldout.txt': first_records(parts['test'], 64 * 1024),
        'Samples/eval/recall-heldout.txt': '\n'.join(heldout) + '\n',
        'Samples/eval/recall-stress.txt': '\n'.join(corpora.recall_episodes(4, 500, **corpora.STRESS)) + '\n',
        'Tests/GatedDeltaNetTests/Fixtures/sample-models/text-small.txt': first_records(parts['test'], 2048),
        'Tests/GatedDeltaNetTests/Fixtures/sample-models/recall-small.txt': '\n'.join(heldout[:100]) + '\n',
        'Tests/GatedDeltaNetTests/Fixtures/sample-models/words.txt':
            '\n'.join(sorted(w for w, n in words.items() if n >= 3)) + '\n',
    }
    for rel, text in files.items():
        path = os.path.join(a.repo, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, 'w').write(text)
        print(rel, len(text.encode()), 'bytes')


if __name__ == '__main__':
    main()
