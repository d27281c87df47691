#!/usr/bin/env python3
"""Check update_rules.use_rule against the float64 token-by-token recurrence, for each rule, as fla's
layer calls the kernel (raw gate / beta projections, A_log, dt_bias), both in training (chunk) and
inference (fused_recurrent) names. Needs a CUDA GPU and fla.

    TRITON_F32_DEFAULT=ieee python3 check_rules.py
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(1, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden'))
from update_rules import RULES, reference_rule, use_rule  # noqa: E402


# fla's fp32 chunked kernels against a float64 recurrence over 150 tokens: ~5e-5 for gated delta; the
# delta rule (no decay, so the chunk's triangular solve is never damped) reached 3.6e-4 in a first run.
# A wrong rule would be off by order 1.
TOLERANCE = 1e-3


def main():
    import fla.layers.gated_deltanet as layer
    from make_models import fast_autotune  # Samples/golden: first-config Triton autotuning
    fast_autotune()
    torch.backends.cuda.matmul.allow_tf32 = False
    g = torch.Generator().manual_seed(0)
    T, H, K, V = 150, 2, 16, 32
    r = lambda *s: torch.randn(*s, generator=g)  # noqa: E731
    q, k, v, a, b = r(1, T, H, K), r(1, T, H, K), r(1, T, H, V), r(1, T, H), r(1, T, H)
    A_log, dt_bias = torch.log(torch.tensor([1.0, 8.0])), torch.tensor([-2.0, -4.0])
    log_alpha = -A_log.exp() * F.softplus(a[0] + dt_bias)
    worst = 0.0
    for rule, kernels in ((r, kind) for r in RULES for kind in ('fla', 'torch')):
        use_rule(rule, kernels)
        ref = reference_rule(rule, q[0], k[0], v[0], log_alpha, torch.sigmoid(b[0]), K ** -0.5)
        for name in ('chunk_gated_delta_rule', 'fused_recurrent_gated_delta_rule'):
            o, _ = getattr(layer, name)(q=q.cuda(), k=k.cuda(), v=v.cuda(), g=a.cuda(), beta=b.cuda(),
                                        initial_state=None, output_final_state=True, use_qk_l2norm_in_kernel=True,
                                        use_beta_sigmoid_in_kernel=True, allow_neg_eigval=False, state_v_first=True,
                                        cu_seqlens=None, use_gate_in_kernel=True, A_log=A_log.cuda(), dt_bias=dt_bias.cuda())
            err = ((o[0].double().cpu() - ref).norm() / ref.norm()).item()
            worst = max(worst, err)
            print(f'{rule:12s} {kernels:5s} {name:34s} relative error {err:.2e}', flush=True)
    print('ok' if worst < TOLERANCE else 'FAILED', f'worst {worst:.2e}')
    sys.exit(0 if worst < TOLERANCE else 1)


if __name__ == '__main__':
    main()
