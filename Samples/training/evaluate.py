#!/usr/bin/env python3
"""fla's figures for a sample model on data files, and reference logits for the Swift tests.

    TRITON_F32_DEFAULT=ieee python3 evaluate.py MODEL_DIR FILE... [--logits PROMPT_FILE OUT.safetensors]

The model is loaded with `GatedDeltaNetForCausalLM.from_pretrained(dtype=float32)` (bf16 weights widen
exactly), with its config's `update_rule` applied (update_rules.use_rule), and run in fp32 with IEEE
fp32 dots in Triton (TRITON_F32_DEFAULT=ieee) and no TF32. The scoring is the one `gdn-tui eval`
documents (Sources/GatedDeltaNet/Evaluation):

  recall file (every non-empty line is tokens `key=value` / `?key>answer`, lowercase letters and
    digits, separated by single spaces, and some line holds a query): each line is read on its own
    from an empty state; a query counts as answered when, at every byte from its `>` up to the byte
    before the answer's end, the most likely next byte is the answer's next byte (teacher forcing).
    accuracy = answered / queries.
  text file (anything else): the whole file is one sequence from an empty state;
    bits_per_byte = -sum_{t=1}^{N-1} log2 p(x_t | x_<t) / (N - 1).

Prints one JSON object. --logits writes input_ids [T] int32 and logits [T, 256] fp32 of the prompt
file's bytes (one full-sequence forward) to a safetensors file.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(1, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden'))
from corpora import recall_queries as queries  # noqa: E402

TOKEN = r'(?:[a-z]+=[a-z0-9]+|\?[a-z]+>[a-z0-9]+)'
EPISODE = re.compile(rf'{TOKEN}(?: {TOKEN})*')


def is_recall(text: str) -> bool:
    lines = [l for l in text.split('\n') if l]
    return bool(lines) and all(EPISODE.fullmatch(l) for l in lines) and any('?' in l for l in lines)


def forward(model, ids, torch):
    x = torch.tensor(np.asarray(ids), dtype=torch.long, device='cuda')
    if x.dim() == 1:
        x = x[None]
    with torch.no_grad():
        return model(input_ids=x).logits.float()


def evaluate_file(model, path, torch):
    data = open(path, 'rb').read()
    text = data.decode('utf-8', errors='replace')
    if is_recall(text):
        lines = [l for l in text.split('\n') if l]
        width = max(len(l) for l in lines)
        rows = np.full((len(lines), width), ord('\n'), np.int64)
        for i, l in enumerate(lines):
            rows[i, :len(l)] = np.frombuffer(l.encode(), np.uint8)
        logits = forward(model, rows, torch)
        best = logits.argmax(-1).cpu().numpy()
        answered = total = 0
        for i, l in enumerate(lines):
            for gt, answer in queries(l):
                total += 1
                answered += all(best[i, gt + j] == ord(answer[j]) for j in range(len(answer)))
        return {'format': 'recall', 'lines': len(lines), 'queries': total, 'answered': answered,
                'accuracy': answered / total}
    ids = np.frombuffer(data, np.uint8).astype(np.int64)
    logits = forward(model, ids, torch)[0]
    logp = torch.log_softmax(logits[:-1].double(), -1)
    nll = -logp.gather(1, torch.tensor(ids[1:], device='cuda')[:, None]).sum().item()
    return {'format': 'text', 'bytes': len(ids), 'predicted': len(ids) - 1,
            'bits_per_byte': nll / ((len(ids) - 1) * math.log(2))}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('model')
    ap.add_argument('files', nargs='*')
    ap.add_argument('--logits', nargs=2, metavar=('PROMPT_FILE', 'OUT'))
    a = ap.parse_args()
    import torch
    from fla.models import GatedDeltaNetForCausalLM
    from make_models import fast_autotune  # Samples/golden: first-config Triton autotuning
    from update_rules import use_rule
    fast_autotune()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    rule = json.load(open(os.path.join(a.model, 'config.json'))).get('update_rule', 'gated_delta')
    use_rule(rule)
    model = GatedDeltaNetForCausalLM.from_pretrained(a.model, dtype=torch.float32).cuda().eval()
    result = {'model': os.path.basename(os.path.normpath(a.model)), 'update_rule': rule,
              'triton_f32': os.environ.get('TRITON_F32_DEFAULT'), 'files': {}}
    for path in a.files:
        result['files'][os.path.basename(path)] = evaluate_file(model, path, torch)
    if a.logits:
        from safetensors.numpy import save_file
        prompt = open(a.logits[0], 'rb').read()
        ids = np.frombuffer(prompt, np.uint8).astype(np.int32)
        logits = forward(model, ids.astype(np.int64), torch)[0].cpu().numpy()
        save_file({'input_ids': ids, 'logits': np.ascontiguousarray(logits, dtype=np.float32)}, a.logits[1],
                  metadata={'source': f'fla 0.6.0 GatedDeltaNetForCausalLM fp32, TRITON_F32_DEFAULT=ieee, '
                                      f'update_rule {rule}, full-sequence forward of the prompt bytes'})
        result['logits'] = {'prompt_bytes': len(ids), 'file': os.path.basename(a.logits[1])}
    print(json.dumps(result))


if __name__ == '__main__':
    main()
