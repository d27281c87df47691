"""The four memory update rules on fla's GatedDeltaNet layer (fla 0.6.0).

fla's `fla.layers.gated_deltanet.GatedDeltaNet.forward` calls `chunk_gated_delta_rule` (training, long
prefill) or `fused_recurrent_gated_delta_rule` (short inference) with the raw gate and beta projections
and lets the kernel apply g = -exp(A_log) softplus(a + dt_bias) and beta = sigmoid(b). `use_rule`
replaces both names in that module with one function that keeps everything around the kernel (convs,
projections, output norm and gate) and changes only the state update, exactly as the Swift side
(Sources/GatedDelta/UpdateRule.swift) applies a checkpoint's `"update_rule"`; q and k are
L2-normalised in every rule (x / sqrt(sum x^2 + 1e-6)), the output is o_t = S_t^T (q_t / sqrt(K)):

    rule         update                                     kernels='fla' (evaluation)
    gated_delta  S = alpha S + beta k (v - alpha S^T k)^T   fla's own call, unchanged
    delta        S = S + beta k (v - S^T k)^T               chunk_gated_delta_rule with g = 0
    gated        S = alpha S + k v^T                        chunk_simple_gla with g = log alpha
    linear       S = S + k v^T                              chunk_simple_gla with g = None

alpha = exp(g). beta enters only the delta rules; g only the gated ones (their projections stay in the
checkpoint, unused, so every variant has the same weights and shapes).

kernels='torch' (training) computes every rule with `parallel_rule`, a whole-sequence form in plain
PyTorch, differentiated by autograd: fla 0.6.0 refuses the backward pass of its gated chunk kernels
(chunk_bwd_dqkwg) with Triton 3.4-3.7.0 on Hopper GPUs (fla issue #640: wrong gradients), which is the
GPU and Triton the models were trained on. Forward passes (evaluation) use fla's kernels.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

RULES = ('gated_delta', 'delta', 'gated', 'linear')


def l2normalize(x: torch.Tensor) -> torch.Tensor:
    """x / sqrt(sum x^2 + 1e-6) over the last axis, as fla's kernels (and the Swift kernels) normalise q, k."""
    xf = x.float()
    return (xf * torch.rsqrt((xf * xf).sum(-1, keepdim=True) + 1e-6)).to(x.dtype)


def parallel_rule(rule, q, k, v, log_alpha, beta, scale, final_state=False):
    """Whole-sequence form of `rule` from an empty state. q, k [B, T, H, K] (normalised here),
    v [B, T, H, V], log_alpha, beta [B, T, H]. Returns o [B, T, H, V] and, if asked, the final state
    [B, H, V, K] (fla's state_v_first layout).

    With G_t = sum_{i<=t} log alpha_i (0 when the rule does not decay) and D_ts = exp(G_t - G_s) for
    s <= t (0 above the diagonal), unrolling S_t = alpha_t S_{t-1} + k_t u_t^T gives
        S_t = sum_{s<=t} D_ts k_s u_s^T,     o_t = scale S_t^T q_t = scale sum_{s<=t} D_ts (q_t.k_s) u_s
    and the delta rule's write u_t = beta_t (v_t - alpha_t S_{t-1}^T k_t) becomes the unit lower
    triangular system  u_t + beta_t sum_{s<t} D_ts (k_t.k_s) u_s = beta_t v_t  (u = v otherwise)."""
    q, k = l2normalize(q).float().transpose(1, 2), l2normalize(k).float().transpose(1, 2)
    v = v.float().transpose(1, 2)
    T = q.shape[2]
    causal = torch.ones(T, T, dtype=torch.bool, device=q.device).tril()
    if rule in ('gated', 'gated_delta'):
        G = log_alpha.double().transpose(1, 2).cumsum(-1)       # float64: differences of long sums
        D = (G[..., :, None] - G[..., None, :]).float().masked_fill(~causal, float('-inf')).exp()
    else:
        D = causal.float().expand(q.shape[0], q.shape[1], T, T)
    if rule in ('delta', 'gated_delta'):
        b = beta.float().transpose(1, 2)[..., None]
        lower = (k @ k.transpose(-1, -2)) * D * (~torch.eye(T, dtype=torch.bool, device=q.device))
        u = torch.linalg.solve_triangular(torch.eye(T, device=q.device) + b * lower, b * v,
                                          upper=False, unitriangular=True)
    else:
        u = v
    o = (((q @ k.transpose(-1, -2)) * D) @ u) * scale
    state = torch.einsum('bhs,bhsk,bhsv->bhvk', D[..., -1, :], k, u) if final_state else None
    return o.transpose(1, 2), state


def use_rule(rule: str, kernels: str = 'fla') -> None:
    """Make every fla GatedDeltaNet layer in this process update its state with `rule`, computed by
    fla's kernels or by `parallel_rule` (kernels='torch')."""
    import fla.layers.gated_deltanet as layer
    from fla.ops.gated_delta_rule import chunk_gated_delta_rule, fused_recurrent_gated_delta_rule
    from fla.ops.simple_gla import chunk_simple_gla
    if kernels not in ('fla', 'torch'):
        raise ValueError(f'kernels {kernels!r} is not fla or torch')
    if rule not in RULES:
        raise ValueError(f'update rule {rule!r} is not one of {RULES}')
    if rule == 'gated_delta' and kernels == 'fla':
        layer.chunk_gated_delta_rule = chunk_gated_delta_rule
        layer.fused_recurrent_gated_delta_rule = fused_recurrent_gated_delta_rule
        return

    def kernel(q, k, v, g, beta, initial_state=None, output_final_state=False, use_qk_l2norm_in_kernel=True,
               use_beta_sigmoid_in_kernel=True, allow_neg_eigval=False, state_v_first=True, cu_seqlens=None,
               use_gate_in_kernel=True, A_log=None, dt_bias=None, **_):
        assert use_qk_l2norm_in_kernel and use_beta_sigmoid_in_kernel and use_gate_in_kernel and cu_seqlens is None
        # fla's gate, in fp32 as its kernels compute it: g = -exp(A_log) * softplus(a + dt_bias)
        log_alpha = -A_log.float().exp() * F.softplus(g.float() + dt_bias.float())
        b = torch.sigmoid(beta.float()) * (2.0 if allow_neg_eigval else 1.0)
        if kernels == 'torch':
            assert initial_state is None, 'the torch form starts from an empty state'
            o, state = parallel_rule(rule, q, k, v, log_alpha, b, q.shape[-1] ** -0.5, output_final_state)
            return o.to(v.dtype), state
        if rule == 'delta':
            return chunk_gated_delta_rule(q=q, k=k, v=v, g=torch.zeros_like(log_alpha), beta=b.to(q.dtype),
                                          initial_state=initial_state, output_final_state=output_final_state,
                                          use_qk_l2norm_in_kernel=True, state_v_first=state_v_first)
        assert q.shape[2] == v.shape[2], 'the simple-GLA path has no grouped value heads'
        return chunk_simple_gla(q=l2normalize(q), k=l2normalize(k), v=v,
                                g=log_alpha if rule == 'gated' else None, scale=q.shape[-1] ** -0.5,
                                initial_state=initial_state, output_final_state=output_final_state,
                                state_v_first=state_v_first)

    layer.chunk_gated_delta_rule = kernel
    layer.fused_recurrent_gated_delta_rule = kernel


def reference_rule(rule, q, k, v, log_alpha, beta, scale):
    """Token-by-token float64 recurrence of `rule` (for the smoke check of `use_rule`), one sequence:
    q, k [T, H, K] (normalised here), v [T, H, V], log_alpha, beta [T, H]. Returns o [T, H, V]."""
    q, k, v = (l2normalize(x.double()) if i < 2 else x.double() for i, x in enumerate((q, k, v)))
    T, H, K = q.shape
    S = torch.zeros(H, K, v.shape[-1], dtype=torch.float64, device=q.device)
    out = []
    for t in range(T):
        alpha = log_alpha[t].double().exp() if rule in ('gated', 'gated_delta') else torch.ones(H, dtype=torch.float64, device=q.device)
        S = alpha[:, None, None] * S
        if rule in ('delta', 'gated_delta'):
            u = beta[t].double()[:, None] * (v[t] - torch.einsum('hkv,hk->hv', S, k[t]))
        else:
            u = v[t]
        S = S + torch.einsum('hk,hv->hkv', k[t], u)
        out.append(torch.einsum('hkv,hk->hv', S, q[t] * scale))
    return torch.stack(out)
