#!/usr/bin/env python3
"""Save the gated delta rule's inputs of every GatedDeltaNet layer of an fla model for one prompt, as a
trace `gdn-tui open FILE` steps through: the kernel-case schema of Samples/golden (one case per layer
under the prefixes layer0., layer1., ...), the same layout `gdn-tui run --trace` writes.

    pip install torch transformers flash-linear-attention==0.6.0 safetensors numpy
    python3 dump_trace.py --model fla-hub/gdn-340M-15B --prompt "The cat sat on the mat." --out cat.safetensors
    gdn-tui open cat.safetensors

Byte-level checkpoints with no tokenizer files (the sample models of Samples/models) take `--bytes`:
the prompt's UTF-8 bytes are the token ids, as in gdn-tui.

How: a forward pre-hook on each `fla.layers.GatedDeltaNet` records the (normed) hidden states that
enter it; after the forward pass the rule inputs are recomputed from them with the layer's own
modules, exactly as fla 0.6.0's GatedDeltaNet.forward computes them:

    q, k, v  = silu(short_conv(q_proj(x))), ...            (raw: the kernel L2-normalises q and k)
    g        = -exp(A_log) * softplus(a_proj(x) + dt_bias)   (log decay, alpha = exp(g))
    beta     = sigmoid(b_proj(x))                           (times 2 with allow_neg_eigval)

o and the final state ht come from a float32 recurrent reference of the rule (the same equations as
Samples/golden/reference_model.py), so the file needs no GPU kernel to be right and `gdn-tui verify`
can check it. Hybrid models (with softmax attention layers) keep only their GatedDeltaNet layers,
renumbered from 0; the metadata `layers` lists their original indices.

Hugging Face hybrids (model_type qwen3_5, qwen3_5_text, qwen3_5_moe, qwen3_5_moe_text, qwen3_next, from a
local directory) run in transformers with fla hidden, so it takes its torch code: the rule's inputs are
recorded where transformers hands them to its delta-rule kernel (q, k after the conv, before the kernel's
L2 norm; g and beta after their activations), one call per GDN layer in order; the attention layers are
named in the metadata `layer_kinds`. Checked on CPU against `gdn-tui run --trace` of the same model
(Tests/GatedDeltaNetTests/Fixtures/traces/qwen3_5-tiny-transformers.safetensors).

Tensors (float32): layer{i}.q, .k [1,T,H,K]; .v [1,T,HV,V]; .g, .beta [1,T,HV]; .o [1,T,HV,V];
.ht [1,HV,K,V] (K-first); input_ids int32 [T]. Metadata: scale, l2norm_qk=1, rule=gated_delta,
state_layout=B,HV,K,V, chunk_size, model, prompt, tokens (a JSON list of the decoded tokens), source.
"""
import argparse
import importlib
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.numpy import save_file


def rule_reference(q, k, v, g, beta, scale):
    """Recurrent gated delta rule in float32 on torch tensors [T,H,K], [T,HV,V], [T,HV].

    Per step and value head, S is K x V:  S = exp(g) S;  u = beta (v - S^T k);  S += k u^T;  o = S^T (scale q),
    with q and k L2-normalised as x / sqrt(sum x^2 + 1e-6). Returns o [T,HV,V] and S [HV,K,V].
    """
    q = q / torch.sqrt((q * q).sum(-1, keepdim=True) + 1e-6)
    k = k / torch.sqrt((k * k).sum(-1, keepdim=True) + 1e-6)
    T, H, K = q.shape
    HV, V = v.shape[1], v.shape[2]
    rep = HV // H                      # value head hv reads q/k head hv // rep (grouped values)
    q = q.repeat_interleave(rep, dim=1) * scale
    k = k.repeat_interleave(rep, dim=1)
    S = torch.zeros(HV, K, V, dtype=torch.float32, device=q.device)
    o = torch.zeros(T, HV, V, dtype=torch.float32, device=q.device)
    for t in range(T):
        S = S * torch.exp(g[t])[:, None, None]
        u = beta[t][:, None] * (v[t] - torch.einsum('hkv,hk->hv', S, k[t]))
        S = S + k[t][:, :, None] * u[:, None, :]
        o[t] = torch.einsum('hkv,hk->hv', S, q[t])
    return o, S


def short_conv(conv, x):
    """fla's ShortConvolution (with its silu) over a whole sequence from an empty cache."""
    out = conv(x=x)
    return out[0] if isinstance(out, tuple) else out


@torch.no_grad()
def rule_inputs(layer, x):
    """The rule's inputs of one fla GatedDeltaNet layer for hidden states x [1,T,hidden]."""
    if layer.use_short_conv:
        q = short_conv(layer.q_conv1d, layer.q_proj(x))
        k = short_conv(layer.k_conv1d, layer.k_proj(x))
        v = short_conv(layer.v_conv1d, layer.v_proj(x))
    else:
        q, k, v = F.silu(layer.q_proj(x)), F.silu(layer.k_proj(x)), F.silu(layer.v_proj(x))
    T = x.shape[1]
    q = q.float().reshape(T, layer.num_heads, layer.head_k_dim)
    k = k.float().reshape(T, layer.num_heads, layer.head_k_dim)
    v = v.float().reshape(T, layer.num_v_heads, layer.head_v_dim)
    beta = layer.b_proj(x).float().sigmoid()[0]
    if getattr(layer, 'allow_neg_eigval', False):
        beta = beta * 2.0
    g = -layer.A_log.float().exp() * F.softplus(layer.a_proj(x).float()[0] + layer.dt_bias.float())
    return q, k, v, g, beta


def prompt_ids(args):
    """The prompt's token ids [1, T] and a function that decodes one id: the UTF-8 bytes with --bytes,
    else the checkpoint's tokenizer."""
    from transformers import AutoTokenizer
    if args.bytes:
        ids = torch.tensor([list(args.prompt.encode('utf-8'))], device=args.device)
        return ids, lambda t: bytes([t]).decode('utf-8', errors='backslashreplace')
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    ids = tokenizer(args.prompt, return_tensors='pt').input_ids.to(args.device)
    return ids, lambda t: tokenizer.decode([t])


HF_HYBRIDS = {'qwen3_5': 'qwen3_5', 'qwen3_5_text': 'qwen3_5', 'qwen3_5_moe': 'qwen3_5_moe',
              'qwen3_5_moe_text': 'qwen3_5_moe', 'qwen3_next': 'qwen3_next'}


@torch.no_grad()
def dump_transformers(args, model_type):
    """A transformers Qwen3.5 / Qwen3-Next model: its GDN layers' kernel inputs, recorded in order."""
    sys.modules['fla'] = None  # transformers would take fla's Triton kernels when importable
    from transformers import AutoConfig, AutoModelForCausalLM
    module = importlib.import_module(f'transformers.models.{HF_HYBRIDS[model_type]}.modeling_{HF_HYBRIDS[model_type]}')
    calls = []
    original = module.torch_chunk_gated_delta_rule

    def recording(query, key, value, g, beta, **kwargs):
        # Copied and contiguous: q, k and v come from the conv transposed, and safetensors writes raw buffers.
        calls.append(tuple(t.detach().float()[0].contiguous().clone() for t in (query, key, value, g, beta)))
        return original(query, key, value, g=g, beta=beta, **kwargs)
    module.torch_chunk_gated_delta_rule = recording
    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32).to(args.device).eval()
    ids, decode = prompt_ids(args)
    model(ids, use_cache=False)
    module.torch_chunk_gated_delta_rule = original
    config = AutoConfig.from_pretrained(args.model)
    text = getattr(config, 'text_config', config)
    kinds = ['gated_deltanet' if t == 'linear_attention' else 'attention' for t in text.layer_types]
    gdn = [i for i, kind in enumerate(kinds) if kind == 'gated_deltanet']
    T = ids.shape[1]
    tensors = {'input_ids': ids[0].cpu().numpy().astype(np.int32)}
    scale = text.linear_key_head_dim ** -0.5
    for i, (q, k, v, g, beta) in enumerate(calls):
        o, S = rule_reference(q, k, v, g, beta, scale)
        for name, tensor in [('q', q), ('k', k), ('v', v), ('g', g), ('beta', beta), ('o', o)]:
            tensors[f'layer{i}.{name}'] = np.ascontiguousarray(tensor.cpu().numpy()[None], dtype=np.float32)
        tensors[f'layer{i}.ht'] = S.cpu().numpy()[None].astype(np.float32)
    metadata = {
        'scale': repr(float(scale)), 'l2norm_qk': '1', 'chunk_size': '64', 'state_layout': 'B,HV,K,V',
        'rule': 'gated_delta', 'model': args.model, 'prompt': args.prompt, 'source': 'dump_trace.py (transformers)',
        'tokens': json.dumps([decode(t) for t in ids[0].tolist()]),
        'layers': json.dumps(gdn), 'layer_kinds': json.dumps(kinds),
    }
    save_file(tensors, args.out, metadata=metadata)
    print(f'wrote {len(calls)} GDN layers x {T} tokens to {args.out}')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--model', required=True, help='fla checkpoint: a directory or a hub name')
    parser.add_argument('--prompt', required=True)
    parser.add_argument('--out', required=True, help='the .safetensors trace to write')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    parser.add_argument('--bytes', action='store_true',
                        help='byte-level model without tokenizer files: token ids are the UTF-8 bytes')
    parser.add_argument('--fast-autotune', action='store_true',
                        help="take Triton's first kernel configuration instead of timing them all (minutes "
                             'saved per new shape; the numbers are the same)')
    args = parser.parse_args()
    if args.fast_autotune:
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden'))
        from make_models import fast_autotune
        fast_autotune()

    model_type = json.load(open(os.path.join(args.model, 'config.json'))).get('model_type') \
        if os.path.isdir(args.model) else None
    if model_type in HF_HYBRIDS:
        return dump_transformers(args, model_type)

    import fla  # noqa: F401  registers the fla model classes with transformers
    from fla.layers import GatedDeltaNet
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32).to(args.device).eval()
    ids, decode = prompt_ids(args)

    layers = [(i, m) for i, m in enumerate(m for m in model.modules() if isinstance(m, GatedDeltaNet))]
    if not layers:
        raise SystemExit(f'{args.model}: no fla GatedDeltaNet layers')
    seen = {}

    def capture(index):
        def hook(module, positional, keywords):
            x = positional[0] if positional else keywords['hidden_states']
            seen[index] = x.detach()
        return hook

    handles = [m.register_forward_pre_hook(capture(i), with_kwargs=True) for i, m in layers]
    with torch.no_grad():
        model(ids, use_cache=False)
    for h in handles:
        h.remove()

    tensors = {'input_ids': ids[0].cpu().numpy().astype(np.int32)}
    T = ids.shape[1]
    scale = None
    for i, layer in layers:
        q, k, v, g, beta = rule_inputs(layer, seen[i])
        scale = layer.head_k_dim ** -0.5
        o, S = rule_reference(q, k, v, g, beta, scale)
        H, K, HV, V = layer.num_heads, layer.head_k_dim, layer.num_v_heads, layer.head_v_dim

        def put(name, tensor, shape):
            tensors[f'layer{i}.{name}'] = np.ascontiguousarray(tensor.detach().float().cpu().numpy().reshape(shape), dtype=np.float32)
        put('q', q, (1, T, H, K))
        put('k', k, (1, T, H, K))
        put('v', v, (1, T, HV, V))
        put('g', g, (1, T, HV))
        put('beta', beta, (1, T, HV))
        put('o', o, (1, T, HV, V))
        put('ht', S, (1, HV, K, V))

    original = [m.layer_idx if m.layer_idx is not None else i for i, m in layers]
    metadata = {
        'scale': repr(float(scale)), 'l2norm_qk': '1', 'chunk_size': '64', 'state_layout': 'B,HV,K,V',
        'rule': 'gated_delta', 'model': args.model, 'prompt': args.prompt, 'source': 'dump_trace.py',
        'tokens': json.dumps([decode(t) for t in ids[0].tolist()]),
        'layers': json.dumps(original),
    }
    # A hybrid's attention layers are not traced (no rule inputs); the kinds say where they were.
    attn = getattr(model.config, 'attn', None)
    specs = attn if isinstance(attn, list) else [attn] if attn else []
    attention = {i for spec in specs for i in (spec.get('layers') or [])}
    metadata['layer_kinds'] = json.dumps(['attention' if i in attention else 'gated_deltanet'
                                          for i in range(model.config.num_hidden_layers)])
    save_file(tensors, args.out, metadata=metadata)
    print(f'wrote {len(layers)} layers x {T} tokens to {args.out}')


if __name__ == '__main__':
    main()
