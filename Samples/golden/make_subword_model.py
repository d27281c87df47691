"""A random-weight fla GatedDeltaNet checkpoint with a subword tokenizer, for the tests of subword models
in the TUI, run, eval and export (the sample-models issue trains real ones).

fla's tensor names and config fields, tied embeddings, bf16 weights (rounded by truncation-free
round-to-nearest-even), vocabulary = the tokenizer's; the tokenizer.json is copied next to it.

    python3 Samples/golden/make_subword_model.py TOKENIZER.json OUT_DIR
"""
import json
import os
import shutil
import struct
import sys

import numpy as np


def bf16_bytes(x):
    bits = np.asarray(x, dtype=np.float32).view(np.uint32)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    return rounded.tobytes()


def main(tokenizer_path, out):
    tokenizer = json.load(open(tokenizer_path, encoding="utf-8"))
    ids = list(tokenizer["model"]["vocab"].values()) + [t["id"] for t in tokenizer.get("added_tokens", [])]
    vocab = max(ids) + 1
    h, layers, heads, dk, dv, conv, inter = 32, 2, 2, 8, 16, 4, 64
    config = {"model_type": "gated_deltanet", "hidden_size": h, "num_hidden_layers": layers, "num_heads": heads,
              "head_dim": dk, "expand_v": dv / dk, "vocab_size": vocab, "conv_size": conv, "intermediate_size": inter,
              "norm_eps": 1e-6, "use_gate": True, "use_short_conv": True, "tie_word_embeddings": True}
    rng = np.random.default_rng(7)
    def u(*shape, scale=1.0, offset=0.0):
        return offset + scale * rng.uniform(-1, 1, size=shape)
    def linear(out_f, in_f):
        return u(out_f, in_f, scale=1.5 / np.sqrt(in_f))
    kw, vw = heads * dk, heads * dv
    tensors = {"model.embeddings.weight": u(vocab, h), "model.norm.weight": u(h, scale=0.2, offset=1)}
    for i in range(layers):
        p = f"model.layers.{i}."
        tensors.update({
            p + "attn_norm.weight": u(h, scale=0.2, offset=1), p + "mlp_norm.weight": u(h, scale=0.2, offset=1),
            p + "attn.q_proj.weight": linear(kw, h), p + "attn.k_proj.weight": linear(kw, h),
            p + "attn.v_proj.weight": linear(vw, h), p + "attn.g_proj.weight": linear(vw, h),
            p + "attn.a_proj.weight": linear(heads, h), p + "attn.b_proj.weight": linear(heads, h),
            p + "attn.o_proj.weight": linear(h, vw), p + "attn.A_log": u(heads, offset=0.5),
            p + "attn.dt_bias": u(heads, offset=-1), p + "attn.o_norm.weight": u(dv, scale=0.2, offset=1),
            p + "attn.q_conv1d.weight": u(kw, 1, conv, scale=0.6), p + "attn.k_conv1d.weight": u(kw, 1, conv, scale=0.6),
            p + "attn.v_conv1d.weight": u(vw, 1, conv, scale=0.6),
            p + "mlp.gate_proj.weight": linear(inter, h), p + "mlp.up_proj.weight": linear(inter, h),
            p + "mlp.down_proj.weight": linear(h, inter),
        })
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        data = bf16_bytes(tensors[name])
        header[name] = {"dtype": "BF16", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    os.makedirs(out, exist_ok=True)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(os.path.join(out, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))
    json.dump(config, open(os.path.join(out, "config.json"), "w"), indent=2)
    shutil.copy(tokenizer_path, os.path.join(out, "tokenizer.json"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
