#!/usr/bin/env python3
"""Float64 reference of fla 0.6.0's gated delta rule and GatedDeltaNetForCausalLM, in plain numpy.

It follows the equations of the golden README (shared/golden/README.md) one to one, and reads an fla
checkpoint directory (config.json + model.safetensors, fp32 or bf16 weights; bf16 is widened exactly).

    python3 reference_model.py MODEL_DIR [GOLDEN]      # forward the golden prompt, compare with GOLDEN

Used by make_kernel_cases.py (the kernel rule) and make_models.py (the model goldens).
"""
from __future__ import annotations

import json
import math
import os
import sys

import numpy as np

L2NORM_EPS = 1e-6


def rel_rms(a, b):
    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    return float(np.sqrt(np.mean((a - b) ** 2)) / np.sqrt(np.mean(b ** 2)))


def l2norm(x, eps=L2NORM_EPS):
    """x / sqrt(sum(x^2) + eps) over the last axis."""
    return x / np.sqrt(np.sum(x * x, axis=-1, keepdims=True) + eps)


def gated_delta_rule(q, k, v, g, beta, scale, h0=None, l2norm_qk=False):
    """Recurrent gated delta rule in float64, fla's layout.

    q, k [B,T,H,K]; v [B,T,HV,V]; g, beta [B,T,HV]; h0 [B,HV,K,V] or None.
    Returns o [B,T,HV,V] and the final state [B,HV,K,V] (K-first, as the kernel goldens store it).
    Per step and value head (S is K x V):
        S = exp(g) S;  u = beta (v - S^T k);  S = S + k u^T;  o = S^T (scale q)
    """
    q = np.asarray(q, np.float64)
    k = np.asarray(k, np.float64)
    v = np.asarray(v, np.float64)
    g = np.asarray(g, np.float64)
    beta = np.asarray(beta, np.float64)
    B, T, H, K = q.shape
    HV, V = v.shape[2], v.shape[3]
    assert HV % H == 0
    if l2norm_qk:
        q, k = l2norm(q), l2norm(k)
    rep = HV // H
    qh = np.repeat(q, rep, axis=2) * scale   # value head hv reads q/k head hv // rep
    kh = np.repeat(k, rep, axis=2)
    S = np.zeros((B, HV, K, V)) if h0 is None else np.array(h0, np.float64, copy=True)
    o = np.zeros((B, T, HV, V))
    for t in range(T):
        S *= np.exp(g[:, t])[:, :, None, None]
        kt = kh[:, t]                                        # [B,HV,K]
        u = beta[:, t][:, :, None] * (v[:, t] - np.einsum('bhkv,bhk->bhv', S, kt))
        S += kt[:, :, :, None] * u[:, :, None, :]
        o[:, t] = np.einsum('bhkv,bhk->bhv', S, qh[:, t])
    return o, S


# ---------------------------------------------------------------- model

def silu(x):
    return x / (1.0 + np.exp(-x))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softplus(x):
    return np.logaddexp(0.0, x)


def rmsnorm(x, w, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def causal_conv(x, w):
    """Depthwise causal convolution. x [T,D], w [D,1,W] (torch Conv1d weight). y[t] = sum_j w[:,j] x[t-W+1+j]."""
    T, D = x.shape
    W = w.shape[-1]
    xp = np.concatenate([np.zeros((W - 1, D)), x], axis=0)
    y = np.zeros((T, D))
    for j in range(W):
        y += w[:, 0, j][None, :] * xp[j:j + T]
    return y


def conv_cache(x, W):
    """fla's short-convolution cache after the last token: the last W inputs [D,W], newest last."""
    T, D = x.shape
    xp = np.concatenate([np.zeros((max(W - T, 0), D)), x], axis=0)
    return xp[-W:].T.copy()


def load_checkpoint(model_dir):
    """config dict and float64 weights (bf16 / fp16 / fp32 stored values are widened exactly)."""
    from safetensors import safe_open
    with open(os.path.join(model_dir, 'config.json')) as f:
        cfg = json.load(f)
    W = {}
    path = os.path.join(model_dir, 'model.safetensors')
    try:
        with safe_open(path, 'np') as s:
            for name in s.keys():
                W[name] = s.get_tensor(name).astype(np.float64)
    except (TypeError, ValueError):  # numpy has no bfloat16: widen the raw bits by hand
        W = _load_raw(path)
    return cfg, W


def _load_raw(path):
    import struct
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        a, b = info['data_offsets']
        raw = data[a:b]
        dt = info['dtype']
        if dt == 'BF16':
            bits = np.frombuffer(raw, np.uint16).astype(np.uint32) << 16
            arr = bits.view(np.float32)
        elif dt == 'F16':
            arr = np.frombuffer(raw, np.float16)
        elif dt == 'F32':
            arr = np.frombuffer(raw, np.float32)
        elif dt == 'F64':
            arr = np.frombuffer(raw, np.float64)
        else:
            raise ValueError(f'{name}: dtype {dt}')
        out[name] = arr.astype(np.float64).reshape(info['shape'])
    return out


def dims(cfg):
    H = cfg['num_heads']
    HV = cfg.get('num_v_heads') or H
    K = cfg['head_dim']
    V = int(K * cfg['expand_v'])
    assert math.isclose(K * cfg['expand_v'], V, rel_tol=1e-5), 'head_dim * expand_v must be an integer'
    return H, HV, K, V


def layer_forward(cfg, W, i, x):
    """One GatedDeltaNet attention layer on x [T,hidden] (already attn_norm'ed).

    Returns out [T,hidden], recurrent state [HV,V,K] (fla's V-first cache layout), conv caches {q,k,v: [D,W]}.
    """
    p = f'model.layers.{i}.attn.'
    H, HV, K, V = dims(cfg)
    T = x.shape[0]
    qp, kp, vp = x @ W[p + 'q_proj.weight'].T, x @ W[p + 'k_proj.weight'].T, x @ W[p + 'v_proj.weight'].T
    convs = {}
    if cfg.get('use_short_conv', True):
        Wc = cfg['conv_size']
        q = silu(causal_conv(qp, W[p + 'q_conv1d.weight']))
        k = silu(causal_conv(kp, W[p + 'k_conv1d.weight']))
        v = silu(causal_conv(vp, W[p + 'v_conv1d.weight']))
        convs = {'q': conv_cache(qp, Wc), 'k': conv_cache(kp, Wc), 'v': conv_cache(vp, Wc)}
    else:
        q, k, v = silu(qp), silu(kp), silu(vp)
    q = l2norm(q.reshape(T, H, K))
    k = l2norm(k.reshape(T, H, K))
    v = v.reshape(T, HV, V)
    beta = sigmoid(x @ W[p + 'b_proj.weight'].T)
    if cfg.get('allow_neg_eigval', False):
        beta = beta * 2.0
    g = -np.exp(W[p + 'A_log']) * softplus(x @ W[p + 'a_proj.weight'].T + W[p + 'dt_bias'])
    o, S = gated_delta_rule(q[None], k[None], v[None], g[None], beta[None], scale=K ** -0.5)
    o = o[0]                                                    # [T,HV,V]
    eps = cfg['norm_eps']
    o = rmsnorm(o, W[p + 'o_norm.weight'], eps)
    if cfg.get('use_gate', True):
        gate = (x @ W[p + 'g_proj.weight'].T).reshape(T, HV, V)
        act = cfg.get('output_gate_activation', 'swish')
        o = o * (sigmoid(gate) if act == 'sigmoid' else silu(gate))
    out = o.reshape(T, HV * V) @ W[p + 'o_proj.weight'].T
    return out, S[0].transpose(0, 2, 1).copy(), convs


def model_forward(cfg, W, ids):
    """Full float64 forward. Returns logits [T,vocab] and a dict of per-layer extras."""
    assert cfg.get('attnres_block_size') is None
    assert cfg.get('attn') is None, 'hybrid attention layers are not modelled'
    eps = cfg['norm_eps']
    x = W['model.embeddings.weight'][np.asarray(ids)]
    extra = {}
    for i in range(cfg['num_hidden_layers']):
        p = f'model.layers.{i}.'
        h = rmsnorm(x, W[p + 'attn_norm.weight'], eps)
        a, S, convs = layer_forward(cfg, W, i, h)
        extra[f'layer{i}.attn.in'], extra[f'layer{i}.attn.out'] = h, a
        extra[f'layer{i}.recurrent_state'] = S
        for n, c in convs.items():
            extra[f'layer{i}.conv_state_{n}'] = c
        x = x + a
        h = rmsnorm(x, W[p + 'mlp_norm.weight'], eps)
        m = (silu(h @ W[p + 'mlp.gate_proj.weight'].T) * (h @ W[p + 'mlp.up_proj.weight'].T)) @ W[p + 'mlp.down_proj.weight'].T
        extra[f'layer{i}.mlp.in'], extra[f'layer{i}.mlp.out'] = h, m
        x = x + m
    x = rmsnorm(x, W['model.norm.weight'], eps)
    head = W['model.embeddings.weight'] if cfg.get('tie_word_embeddings', False) else W['lm_head.weight']
    return x @ head.T, extra


def main():
    from safetensors.numpy import load_file
    model_dir = sys.argv[1]
    golden = sys.argv[2] if len(sys.argv) > 2 else os.path.join(model_dir, 'golden.safetensors')
    cfg, W = load_checkpoint(model_dir)
    G = load_file(golden)
    logits, extra = model_forward(cfg, W, G['input_ids'])
    print(f'{model_dir}: T={len(G["input_ids"])}')
    print(f'  logits_f64 (stored fp32)  rel RMS {rel_rms(logits, G["logits_f64"]):.3e}')
    for key in ('logits', 'logits_prefill_step'):
        if key in G:
            print(f'  fla {key:<22} rel RMS {rel_rms(G[key], logits):.3e}')
    for i in range(cfg['num_hidden_layers']):
        for n in ('recurrent_state_f64', 'recurrent_state', 'conv_state_q', 'conv_state_k', 'conv_state_v',
                  'attn.in', 'attn.out', 'mlp.in', 'mlp.out'):
            key = f'layer{i}.{n}'
            mine = extra.get(key.replace('_f64', ''))
            if key in G and mine is not None:
                print(f'  {key:<28} rel RMS {rel_rms(G[key], mine):.3e}')


if __name__ == '__main__':
    main()
