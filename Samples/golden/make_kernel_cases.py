#!/usr/bin/env python3
"""Extra gated-delta-rule kernel cases, in the schema of the golden kernels (shared/golden/README.md).

Inputs are drawn in fp32 (numpy, seeded); `o` and `ht` come from a float64 recurrent computation on
those fp32 values (reference_model.gated_delta_rule) and are stored as fp32. No fla outputs here.

    python3 make_kernel_cases.py --check GOLDEN_KERNEL_DIR   # recompute the existing goldens' o/ht
    python3 make_kernel_cases.py OUT_DIR                      # write the extra cases
"""
from __future__ import annotations

import glob
import os
import sys

import numpy as np
from safetensors.numpy import load_file, save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_model import gated_delta_rule, l2norm, rel_rms  # noqa: E402

SEED = 20250611


def f32(x):
    return np.asarray(x, np.float32)


def make_case(rng, *, B=1, T, H, HV=None, K, V, g_range=(-1.0, -0.01), beta_range=(0.0, 1.0),
              h0=False, h0_scale=0.5, l2norm_qk=False, scale=None, beta_value=None):
    HV = HV or H
    scale = K ** -0.5 if scale is None else scale
    q = f32(rng.standard_normal((B, T, H, K)))
    k = f32(rng.standard_normal((B, T, H, K)))
    if not l2norm_qk:  # goldens hold unit-norm q/k unless l2norm_qk is 1; normalise in fp64, then store fp32
        q, k = f32(l2norm(q.astype(np.float64))), f32(l2norm(k.astype(np.float64)))
    v = f32(rng.standard_normal((B, T, HV, V)))
    g = f32(rng.uniform(*g_range, size=(B, T, HV)))
    if beta_value is not None:
        beta = np.full((B, T, HV), beta_value, np.float32)
    else:
        beta = f32(rng.uniform(*beta_range, size=(B, T, HV)))
    t = {'q': q, 'k': k, 'v': v, 'g': g, 'beta': beta}
    if h0:
        t['h0'] = f32(rng.standard_normal((B, HV, K, V)) * h0_scale)
    o, ht = gated_delta_rule(q, k, v, g, beta, scale=float(np.float64(scale)), h0=t.get('h0'), l2norm_qk=l2norm_qk)
    t['o'], t['ht'] = f32(o), f32(ht)
    meta = {
        'scale': repr(float(scale)),
        'l2norm_qk': '1' if l2norm_qk else '0',
        'chunk_size': '64',
        'state_layout': 'B,HV,K,V',
        'rule': 'gated_delta',
        'source': 'gdn-tui Samples/golden/make_kernel_cases.py: fp32 inputs (numpy seeded), float64 recurrent reference',
    }
    return t, meta


CASES = {
    'odd_dims':        dict(T=37, H=2, K=7, V=13),
    'gva_3x':          dict(T=70, H=2, HV=6, K=16, V=24, h0=True),
    'strong_decay_h0': dict(T=80, H=2, K=16, V=16, g_range=(-12.0, -4.0), h0=True, h0_scale=1.0),
    't1':              dict(T=1, H=2, K=16, V=16, h0=True),
    'long':            dict(T=1500, H=1, K=16, V=16, g_range=(-0.1, 0.0)),
    'neg_eigval':      dict(T=65, H=2, K=16, V=16, beta_range=(0.0, 2.0)),
    'l2norm_odd':      dict(T=33, H=2, K=9, V=5, l2norm_qk=True, scale=0.3),
    'beta_zero_all':   dict(T=40, H=2, K=16, V=16, beta_value=0.0, h0=True, g_range=(-0.2, 0.0)),
}


def check(golden_dir):
    worst = 0.0
    for path in sorted(glob.glob(os.path.join(golden_dir, '*.safetensors'))):
        from safetensors import safe_open
        with safe_open(path, 'np') as s:
            meta = s.metadata()
        t = load_file(path)
        o, ht = gated_delta_rule(t['q'], t['k'], t['v'], t['g'], t['beta'], scale=float(meta['scale']),
                                 h0=t.get('h0'), l2norm_qk=meta['l2norm_qk'] == '1')
        eo, eh = rel_rms(o, t['o']), rel_rms(ht, t['ht'])
        same = np.mean(f32(o) == t['o'])
        worst = max(worst, eo, eh)
        print(f'{os.path.basename(path):32s} o rel RMS {eo:.2e}  ht rel RMS {eh:.2e}  o bit-equal after fp32 rounding {same:.4f}')
    print(f'worst {worst:.2e}')
    return worst


def main():
    if len(sys.argv) > 2 and sys.argv[1] == '--check':
        sys.exit(0 if check(sys.argv[2]) < 1e-6 else 1)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for i, (name, kw) in enumerate(CASES.items()):
        rng = np.random.default_rng([SEED, i])
        t, meta = make_case(rng, **kw)
        path = os.path.join(out, name + '.safetensors')
        save_file(t, path, metadata=meta)
        print(f'{name:16s} ' + ' '.join(f'{k}{list(v.shape)}' for k, v in t.items()) +
              f'  rms(o)={np.sqrt(np.mean(t["o"].astype(np.float64)**2)):.3g}  {os.path.getsize(path)} B')


if __name__ == '__main__':
    main()
