#!/usr/bin/env python3
"""Train one sample model and save it as an fla checkpoint (needs a CUDA GPU, torch, fla 0.6.0).

    python3 train.py text   OUT_DIR --text-data DATA_DIR [--steps N]
    python3 train.py recall OUT_DIR --rule gated_delta|delta|gated|linear [--steps N]

DATA_DIR holds train.txt and validation.txt from `prepare_data.py`. The model is fla's
GatedDeltaNetForCausalLM (byte level, vocab 256) with its state update computed by
update_rules.parallel_rule (plain PyTorch; see update_rules.py for why not fla's training kernels),
trained in fp32 (TF32 matmuls) with AdamW, linear
warm-up then cosine decay, gradient clipping at 1; everything is seeded (SEED), so a run repeats up to
the GPU's non-deterministic summation order. A run stops at its step count or at its time cap (seconds,
Triton compilation included), whichever comes first; train.json says which. The checkpoint is written with `save_pretrained` in
bfloat16, plus `"update_rule"` in config.json (read by the Swift side; see update_rules.py), and
`train.json` (settings, loss curve, time) beside it.

text:   random 512-byte windows of the fortunes training split, batch 64; the weights kept are those
        with the lowest validation loss (checked every 100 steps). The corpus is small (2.2 MB) and
        the model memorises it: a first run (2556 steps, cosine over 6000, 210 s cap) bottomed at 2.08 validation
        bits per byte at step 500 and climbed to 4.8 by its end, hence the short schedule.
recall: episodes from corpora.recall_episodes(seed 1), one per row, padded to 128 bytes; the loss
        weights each answer byte 1 and every other byte of the episode 0.1 (padding 0). All four rule
        variants see the same rows in the same order for the same number of steps; the last weights
        are kept.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(1, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden'))
import corpora  # noqa: E402
from make_models import fast_autotune  # noqa: E402  (Samples/golden: first-config Triton autotuning)
from update_rules import RULES, use_rule  # noqa: E402

SEED = 20251129
BASE = dict(vocab_size=256, hidden_ratio=4, intermediate_size=None, conv_size=4, use_short_conv=True,
            use_gate=True, allow_neg_eigval=False, norm_eps=1e-6, fuse_norm=True, fuse_swiglu=True,
            fuse_cross_entropy=False, tie_word_embeddings=False, attn_mode='chunk')
MODELS = {
    'text':   dict(config=dict(hidden_size=256, num_hidden_layers=4, num_heads=4, head_dim=32, expand_v=2.0),
                   steps=900, seconds=210, batch=64, length=512, lr=2e-3, warmup=100, val_every=100),
    'recall': dict(config=dict(hidden_size=128, num_hidden_layers=2, num_heads=2, head_dim=32, expand_v=2.0),
                   steps=2000, seconds=170, batch=256, length=128, lr=3e-3, warmup=100, val_every=250),
}
RECALL_POOL = 200_000


def encode_episodes(lines: list[str], length: int):
    """rows [N, length + 1] uint8 (episode, newline, newline padding) and loss weights [N, length] for
    the targets rows[:, 1:]: 1 where the target is an answer byte, 0.1 elsewhere in the episode and its
    newline, 0 on padding."""
    rows = np.full((len(lines), length + 1), ord('\n'), np.uint8)
    weights = np.zeros((len(lines), length), np.float32)
    for i, line in enumerate(lines):
        b = line.encode()
        assert len(b) < length, 'episode longer than the training rows'
        rows[i, :len(b)] = np.frombuffer(b, np.uint8)
        weights[i, :len(b)] = 0.1
        for gt, answer in corpora.recall_queries(line):
            weights[i, gt:gt + len(answer)] = 1.0
    return rows, weights


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('kind', choices=sorted(MODELS))
    ap.add_argument('out')
    ap.add_argument('--rule', choices=RULES, default='gated_delta')
    ap.add_argument('--text-data')
    ap.add_argument('--steps', type=int)
    ap.add_argument('--seconds', type=float, help='time cap (default: the model kind\'s)')
    args = ap.parse_args()

    import torch
    import torch.nn.functional as F
    from fla.models import GatedDeltaNetConfig, GatedDeltaNetForCausalLM
    fast_autotune()
    torch.backends.cuda.matmul.allow_tf32 = True
    use_rule(args.rule, kernels='torch')
    spec = MODELS[args.kind]
    steps = args.steps or spec['steps']
    cap = args.seconds or spec['seconds']
    B, T = spec['batch'], spec['length']
    torch.manual_seed(SEED)
    np_rng = np.random.default_rng(SEED)
    cfg = GatedDeltaNetConfig(**{**BASE, **spec['config']})
    model = GatedDeltaNetForCausalLM(cfg).cuda().train()
    n_params = sum(p.numel() for p in model.parameters())

    if args.kind == 'text':
        train = torch.from_numpy(np.frombuffer(open(os.path.join(args.text_data, 'train.txt'), 'rb').read(), np.uint8).copy()).cuda()
        val = np.frombuffer(open(os.path.join(args.text_data, 'validation.txt'), 'rb').read(), np.uint8)
        starts = np.linspace(0, len(val) - T - 2, 128).astype(np.int64)
        val_rows = torch.from_numpy(np.stack([val[s:s + T + 1] for s in starts]).astype(np.int64)).cuda()

        def batch(step):
            s = torch.from_numpy(np_rng.integers(0, len(train) - T - 1, B)).cuda()
            rows = train[s[:, None] + torch.arange(T + 1, device='cuda')].long()
            return rows, None
    else:
        rows_np, w_np = encode_episodes(corpora.recall_episodes(1, RECALL_POOL), T)
        rows_all, w_all = torch.from_numpy(rows_np.astype(np.int64)).cuda(), torch.from_numpy(w_np).cuda()
        order = torch.from_numpy(np.concatenate([np_rng.permutation(RECALL_POOL)
                                                 for _ in range(math.ceil(steps * B / RECALL_POOL))])).cuda()
        val_lines = corpora.recall_episodes(3, 512)
        val_rows_np, _ = encode_episodes(val_lines, T)
        val_rows = torch.from_numpy(val_rows_np.astype(np.int64)).cuda()
        val_q = [(i, gt, ord(a)) for i, line in enumerate(val_lines) for gt, a in corpora.recall_queries(line)]
        vi, vg, va = (torch.tensor(c, device='cuda') for c in zip(*val_q))

        def batch(step):
            idx = order[step * B:(step + 1) * B]
            return rows_all[idx], w_all[idx]

    opt = torch.optim.AdamW(model.parameters(), lr=spec['lr'], betas=(0.9, 0.95), weight_decay=0.01)
    def lr_at(step):
        # warm-up, then cosine decay to 10% over the run's progress: steps done or time used, whichever
        # is further along, so a run stopped by the time cap still ends annealed
        progress = min(1.0, max(step / steps, (time.time() - t0) / cap))
        return spec['lr'] * min(1.0, (step + 1) / spec['warmup']) * (0.1 + 0.45 * (1 + math.cos(math.pi * progress)))

    def validate():
        model.eval()
        with torch.no_grad():
            logits = model(input_ids=val_rows[:, :-1], use_cache=False).logits.float()
            if args.kind == 'text':
                r = F.cross_entropy(logits.reshape(-1, 256), val_rows[:, 1:].reshape(-1)).item() / math.log(2)
            else:
                r = (logits[vi, vg].argmax(-1) == va).float().mean().item()
        model.train()
        return r

    log, best, best_state, t0, last_loss = [], None, None, time.time(), None
    step, stopped_by = 0, 'steps'
    for step in range(steps):
        if time.time() - t0 > cap:
            stopped_by = 'time cap'
            break
        for gr in opt.param_groups:
            gr['lr'] = lr_at(step)
        rows, w = batch(step)
        logits = model(input_ids=rows[:, :-1], use_cache=False).logits.float()
        ce = F.cross_entropy(logits.reshape(-1, 256), rows[:, 1:].reshape(-1), reduction='none')
        loss = ce.mean() if w is None else (ce * w.reshape(-1)).sum() / w.sum()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 50 == 0 or step == steps - 1 or time.time() - t0 > cap:
            last_loss = loss.item()
        if (step + 1) % spec['val_every'] == 0 or step + 1 == 10:
            v = validate()
            entry = {'step': step + 1, 'loss': round(last_loss, 5), 'seconds': round(time.time() - t0, 1),
                     ('val_bits_per_byte' if args.kind == 'text' else 'val_accuracy'): round(v, 5)}
            log.append(entry)
            print(json.dumps(entry), flush=True)
            if args.kind == 'text' and (best is None or v < best):
                best, best_state = v, {k: t.detach().clone() for k, t in model.state_dict().items()}
    else:
        step = steps
    done = step
    if not log or log[-1]['step'] != done:
        v = validate()
        log.append({'step': done, 'loss': round(last_loss, 5), 'seconds': round(time.time() - t0, 1),
                    ('val_bits_per_byte' if args.kind == 'text' else 'val_accuracy'): round(v, 5)})
        if args.kind == 'text' and (best is None or v < best):
            best, best_state = v, {k: t.detach().clone() for k, t in model.state_dict().items()}
    seconds = time.time() - t0
    if best_state is not None:
        model.load_state_dict(best_state)

    model = model.to(torch.bfloat16)
    model.config.dtype = torch.bfloat16
    os.makedirs(args.out, exist_ok=True)
    model.save_pretrained(args.out)
    path = os.path.join(args.out, 'config.json')
    config = json.load(open(path))
    config['update_rule'] = args.rule
    with open(path, 'w') as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write('\n')
    summary = {'kind': args.kind, 'rule': args.rule, 'seed': SEED, 'steps': done, 'planned_steps': steps,
               'stopped_by': stopped_by, 'time_cap_seconds': cap, 'batch': B, 'length': T,
               'lr': spec['lr'], 'warmup': spec['warmup'], 'parameters': n_params, 'train_seconds': round(seconds, 1),
               'final_loss': log[-1]['loss'], 'log': log,
               'command': ' '.join(['python3', 'train.py'] + sys.argv[1:])}
    if best is not None:
        summary['best_val_bits_per_byte'] = best
    json.dump(summary, open(os.path.join(args.out, 'train.json'), 'w'), indent=1)
    print(json.dumps({k: v for k, v in summary.items() if k != 'log'}), flush=True)


if __name__ == '__main__':
    main()
