#!/usr/bin/env python3
"""Extra fla GatedDeltaNetForCausalLM checkpoints with golden files (needs a CUDA GPU and fla 0.6.0).

For each variant: build the fla model from a GatedDeltaNetConfig, re-draw its weights (seeded) at
scales that carry signal (the statistics of shared/golden/models/tiny-gdn), `save_pretrained` it, load
it back with `from_pretrained`, and write `golden.safetensors` in the format of tiny-gdn's:

    input_ids [T] I32, logits_f64 (reference_model.py float64 forward of the saved weights),
    logits (fla fp32 full-sequence forward, chunked path since T > 64),
    logits_prefill_step (fla: prefill `prefill` tokens, then one token at a time with the cache),
    layer{i}.recurrent_state / recurrent_state_f64 [HV, V, K], layer{i}.conv_state_{q,k,v} [D, W],
    layer{i}.attn.in/out, layer{i}.mlp.in/out [T, hidden] (fla's activations).
    bf16 only: logits_bf16 (fla run in bf16, as loaded with dtype=bfloat16), for information.

    TRITON_F32_DEFAULT=ieee python3 make_models.py OUT_DIR [variant ...]
"""
from __future__ import annotations

import json
import math
import os
import sys
import time
import traceback

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_model as R  # noqa: E402

PROMPT = 'Gated DeltaNet golden: decay S, then write beta*(v - S^T k) along k. Ok?'   # 72 bytes: T > 64
PREFILL = 40
SEED = 20250611

BASE = dict(vocab_size=256, num_hidden_layers=2, hidden_ratio=4, intermediate_size=None, conv_size=4,
            use_short_conv=True, use_gate=True, allow_neg_eigval=False, norm_eps=1e-6, fuse_norm=True,
            fuse_swiglu=True, fuse_cross_entropy=False, tie_word_embeddings=False, attn_mode='chunk')

VARIANTS = {
    'gva':            dict(hidden_size=64, num_heads=2, num_v_heads=4, head_dim=16, expand_v=2.0),
    'neg_eigval':     dict(hidden_size=64, num_heads=2, head_dim=16, expand_v=2.0, allow_neg_eigval=True),
    'tied':           dict(hidden_size=64, num_heads=2, head_dim=16, expand_v=2.0, tie_word_embeddings=True),
    'conv3_expand15': dict(hidden_size=96, num_heads=2, head_dim=32, expand_v=1.5, conv_size=3),
    'no_gate_eps5':   dict(hidden_size=64, num_heads=4, head_dim=16, expand_v=2.0, use_gate=False, norm_eps=1e-5),
    # the tiny-gdn config, weights stored in bf16
    'bf16':           dict(hidden_size=128, num_heads=2, head_dim=32, expand_v=2.0, dtype='bfloat16'),
}


def redraw(model, gen, torch):
    """Weights at tiny-gdn's scales: embeddings N(0,1), linears N(0, 1/fan_in), norms 1 + N(0, 0.1^2),
    convs N(0, 0.4^2), A = U(1,16) (A_log = log A), dt log-uniform in [1e-3, 0.1] (dt_bias = softplus^-1(dt))."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            shape = tuple(p.shape)
            rn = lambda: torch.randn(shape, generator=gen, dtype=torch.float64)  # noqa: E731
            if name.endswith('embeddings.weight'):
                w = rn()
            elif name.endswith('norm.weight'):
                w = 1.0 + 0.1 * rn()
            elif 'conv1d.weight' in name:
                w = 0.4 * rn()
            elif name.endswith('A_log'):
                w = torch.log(1.0 + 15.0 * torch.rand(shape, generator=gen, dtype=torch.float64))
            elif name.endswith('dt_bias'):
                dt = torch.exp(torch.rand(shape, generator=gen, dtype=torch.float64) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
                w = dt + torch.log(-torch.expm1(-dt))
            elif name.endswith('.weight') and p.dim() == 2:
                w = rn() / math.sqrt(shape[1])
            else:
                raise ValueError(f'no rule for {name} {shape}')
            p.copy_(w.to(p.dtype))


def fla_run(model, ids, torch):
    """fla forward: full sequence with hooks and cache, then prefill + one-token steps."""
    acts, hooks = {}, []
    for i, layer in enumerate(model.model.layers):
        def pre(mod, args, kwargs, key=f'layer{i}.attn.in'):
            acts[key] = (kwargs['hidden_states'] if 'hidden_states' in kwargs else args[0])[0].float().cpu().numpy()
        def post(mod, args, kwargs, out, key=f'layer{i}.attn.out'):
            acts[key] = out[0][0].float().cpu().numpy()
        def mpre(mod, args, key=f'layer{i}.mlp.in'):
            acts[key] = args[0][0].float().cpu().numpy()
        def mpost(mod, args, out, key=f'layer{i}.mlp.out'):
            acts[key] = out[0].float().cpu().numpy()
        hooks += [layer.attn.register_forward_pre_hook(pre, with_kwargs=True),
                  layer.attn.register_forward_hook(post, with_kwargs=True),
                  layer.mlp.register_forward_pre_hook(mpre), layer.mlp.register_forward_hook(mpost)]
    x = torch.tensor(ids, dtype=torch.long, device='cuda')[None]
    with torch.no_grad():
        out = model(input_ids=x, use_cache=True)
        for h in hooks:
            h.remove()
        res = {'logits': out.logits[0].float().cpu().numpy()}
        pkv = out.past_key_values
        for i in range(len(model.model.layers)):
            c = pkv[i]
            res[f'layer{i}.recurrent_state'] = c['recurrent_state'][0].float().cpu().numpy()
            for n, s in zip('qkv', c['conv_state']):
                res[f'layer{i}.conv_state_{n}'] = s[0].float().cpu().numpy()
        res.update(acts)
        o = model(input_ids=x[:, :PREFILL], use_cache=True)
        steps, pkv = [o.logits[0]], o.past_key_values
        for t in range(PREFILL, x.shape[1]):
            o = model(input_ids=x[:, t:t + 1], past_key_values=pkv, use_cache=True)
            steps.append(o.logits[0])
            pkv = o.past_key_values
        res['logits_prefill_step'] = torch.cat(steps, 0).float().cpu().numpy()
        res['_step_state0'] = pkv[0]['recurrent_state'][0].float().cpu().numpy()
    return res


def make_variant(name, spec, out_root, torch):
    from safetensors.numpy import save_file
    from fla.models import GatedDeltaNetConfig, GatedDeltaNetForCausalLM
    spec = dict(spec)
    dtype = spec.pop('dtype', 'float32')
    cfg = GatedDeltaNetConfig(**{**BASE, **spec})
    hv = cfg.num_v_heads or cfg.num_heads
    assert math.isclose(cfg.head_dim * cfg.expand_v, int(cfg.head_dim * cfg.expand_v)), 'head_dim*expand_v'
    torch.manual_seed(SEED)
    model = GatedDeltaNetForCausalLM(cfg)
    gen = torch.Generator().manual_seed(SEED + sum(map(ord, name)))
    if cfg.tie_word_embeddings:
        model.tie_weights()
        assert model.lm_head.weight.data_ptr() == model.model.embeddings.weight.data_ptr(), 'not tied'
    redraw(model, gen, torch)
    d = os.path.join(out_root, name)
    os.makedirs(d, exist_ok=True)
    if dtype == 'bfloat16':
        model = model.to(torch.bfloat16)
        model.config.dtype = torch.bfloat16
    model.save_pretrained(d)
    names = json.load(open(os.path.join(d, 'config.json')))
    from safetensors import safe_open
    with safe_open(os.path.join(d, 'model.safetensors'), 'pt') as s:
        keys = list(s.keys())
        W_t = {k: s.get_tensor(k).float() for k in keys}
        dts = sorted({str(s.get_tensor(k).dtype) for k in keys})
    info = {'config_dtype': names.get('dtype', names.get('torch_dtype')), 'tensor_dtypes': dts,
            'n_tensors': len(keys), 'has_lm_head': 'lm_head.weight' in keys}
    print(f'[{name}] saved: {info}', flush=True)

    ids = np.frombuffer(PROMPT.encode(), np.uint8).astype(np.int32)
    # float64 reference from the saved file (bf16 widened exactly)
    rcfg, W = R.load_checkpoint(d)
    t0 = time.time()
    logits64, ex = R.model_forward(rcfg, W, ids)
    print(f'[{name}] f64 forward {time.time() - t0:.2f}s', flush=True)

    m = GatedDeltaNetForCausalLM.from_pretrained(d, dtype=torch.float32).cuda().eval()
    sd = m.state_dict()
    for k in keys:  # the reloaded model must hold exactly the saved weights
        assert torch.equal(sd[k].cpu(), W_t[k]), f'reloaded {k} differs'
    if cfg.tie_word_embeddings:
        assert torch.equal(m.lm_head.weight.cpu(), W_t['model.embeddings.weight']), 'lm_head not tied on load'
    fla = fla_run(m, ids, torch)
    golden = {'input_ids': ids, 'logits_f64': logits64.astype(np.float32)}
    golden['logits'] = fla['logits']
    golden['logits_prefill_step'] = fla['logits_prefill_step']
    stats = {'T': len(ids), 'logits_std': float(logits64.std()),
             'logits': R.rel_rms(fla['logits'], logits64),
             'logits_prefill_step': R.rel_rms(fla['logits_prefill_step'], logits64),
             'step_state_vs_full_state_layer0': R.rel_rms(fla['_step_state0'], fla['layer0.recurrent_state'])}
    for i in range(cfg.num_hidden_layers):
        golden[f'layer{i}.recurrent_state'] = fla[f'layer{i}.recurrent_state']
        golden[f'layer{i}.recurrent_state_f64'] = ex[f'layer{i}.recurrent_state'].astype(np.float32)
        for n in ('conv_state_q', 'conv_state_k', 'conv_state_v', 'attn.in', 'attn.out', 'mlp.in', 'mlp.out'):
            golden[f'layer{i}.{n}'] = fla[f'layer{i}.{n}']
            stats[f'layer{i}.{n}'] = R.rel_rms(fla[f'layer{i}.{n}'], ex[f'layer{i}.{n}'])
        stats[f'layer{i}.recurrent_state'] = R.rel_rms(fla[f'layer{i}.recurrent_state'], ex[f'layer{i}.recurrent_state'])
        assert fla[f'layer{i}.recurrent_state'].shape == (hv, int(cfg.head_dim * cfg.expand_v), cfg.head_dim)
    if dtype == 'bfloat16':
        mb = GatedDeltaNetForCausalLM.from_pretrained(d, dtype=torch.bfloat16).cuda().eval()
        with torch.no_grad():
            lb = mb(input_ids=torch.tensor(ids, dtype=torch.long, device='cuda')[None]).logits[0].float().cpu().numpy()
        golden['logits_bf16'] = lb
        stats['logits_bf16'] = R.rel_rms(lb, logits64)
        del mb
    golden = {k: np.ascontiguousarray(v) for k, v in golden.items()}
    meta = {
        'prompt': PROMPT, 'prefill': str(PREFILL),
        'source': f'fla 0.6.0 GatedDeltaNetForCausalLM, fp32, TRITON_F32_DEFAULT=ieee; variant {name}'
                  + (' (weights stored bf16, widened to fp32 for logits / logits_prefill_step; logits_bf16 = fla run in bf16)'
                     if dtype == 'bfloat16' else ''),
        'recurrent_state_layout': "as fla's cache holds it (see layer attn state_v_first)",
        'logits_f64': 'float64 forward of the same weights (Samples/golden/reference_model.py), stored as fp32',
    }
    save_file(golden, os.path.join(d, 'golden.safetensors'), metadata=meta)
    stats.update(info)
    print(f'[{name}] ' + json.dumps(stats), flush=True)
    del m
    torch.cuda.empty_cache()
    return stats


def fast_autotune():
    """GDN_FAST_AUTOTUNE=1: let Triton's autotuner try only the first config of each kernel (falling back
    to the full list if that config fails), to save GPU time. Block sizes change summation order only."""
    import triton.runtime.autotuner as A
    orig_prune, orig_run = A.Autotuner.prune_configs, A.Autotuner.run

    def prune(self, *a, **k):
        cfgs = orig_prune(self, *a, **k)
        return cfgs if getattr(self, '_gdn_full', False) else cfgs[:1]

    def run(self, *a, **k):
        try:
            return orig_run(self, *a, **k)
        except Exception as e:
            if getattr(self, '_gdn_full', False):
                raise
            print(f'fast autotune: full search for {getattr(self, "fn", "?")}: {e!r:.200}', flush=True)
            self._gdn_full = True
            self.cache.clear()
            return orig_run(self, *a, **k)
    A.Autotuner.prune_configs, A.Autotuner.run = prune, run


def main():
    import torch
    if os.environ.get('GDN_FAST_AUTOTUNE') == '1':
        fast_autotune()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    out_root = sys.argv[1]
    names = sys.argv[2:] or list(VARIANTS)
    os.makedirs(out_root, exist_ok=True)
    summary = {}
    for name in names:
        t0 = time.time()
        try:
            summary[name] = make_variant(name, VARIANTS[name], out_root, torch)
        except Exception:
            traceback.print_exc()
            summary[name] = {'error': traceback.format_exc()}
        print(f'[{name}] {time.time() - t0:.1f}s', flush=True)
    with open(os.path.join(out_root, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)


if __name__ == '__main__':
    main()
