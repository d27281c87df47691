"""Tiny random Hugging Face GDN hybrids and their float64 logits, for `gdn-tui verify`.

Covers what the golden Hugging Face models (Tests/GatedDeltaNetTests/Fixtures/hf-models) do not: the Qwen3_5ForCausalLM layout (`qwen3_5_text`, tensors
under `model.`) with tied embeddings, grouped values with r = 3, conv size 3, F16 weights and sharded
files; and `qwen3_5_moe_text` with its experts fused per layer as published Qwen3.5-MoE checkpoints keep
them (`mlp.experts.gate_up_proj` [E, 2I, hidden], `mlp.experts.down_proj` [E, hidden, I]).

Made with transformers 5.24 on CPU torch, fla hidden so transformers takes its torch paths, in float64
(`model.double()`): transformers casts to float32 inside its norms, rotary and delta-rule kernels, so the
reference is good to about 1e-7 relative, far inside verify's 1e-4. Weights are re-drawn at scales that
carry signal (as the golden README describes) and rounded to the stored dtype before the forward.

    python3 -m venv env && env/bin/pip install torch transformers==5.24.0
    env/bin/python Samples/golden/make_hf_models.py Tests/GatedDeltaNetTests/Fixtures/hf-models-own
"""
import json
import os
import sys

sys.modules["fla"] = None  # transformers would take fla's Triton kernels when importable
import torch
from safetensors.torch import load_file, save_file
from transformers import Qwen3_5ForCausalLM, Qwen3_5MoeForCausalLM, Qwen3_5MoeTextConfig, Qwen3_5TextConfig


def redraw(model, seed):
    """Weights at scales that carry signal: zero-centred norms around 0, the gated norm around 1."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            u = torch.rand(p.shape, generator=g, dtype=torch.float64) * 2 - 1
            if name.endswith("linear_attn.norm.weight"):
                p.copy_(1 + 0.2 * u)
            elif "norm" in name:
                p.copy_(0.2 * u)
            elif name.endswith("A_log"):
                p.copy_(0.5 + u)
            elif name.endswith("dt_bias"):
                p.copy_(u - 1)
            elif "conv1d" in name:
                p.copy_(0.6 * u)
            else:
                p.copy_(1.5 * u / (p.shape[-1] ** 0.5))


def make(out, name, model, dtype, vocab, length, prefill, seed, shard=None, fuse_experts=False):
    redraw(model, seed)
    # Round the parameters (not the buffers: the rotary's inverse frequencies stay float64) to the
    # stored precision, and compute in float64.
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.to(dtype).to(torch.float64))
    model.eval()
    ids = torch.randint(0, vocab, (1, length), generator=torch.Generator().manual_seed(seed + 1))
    with torch.no_grad():
        logits = model(ids, use_cache=False).logits[0]
    folder = os.path.join(out, name)
    model.to(dtype).save_pretrained(folder, max_shard_size=shard or "2GB")
    if fuse_experts:
        fuse(folder, model.config)
    save_file({"input_ids": ids[0].to(torch.int32), "logits_f64": logits.to(torch.float32).contiguous()},
              os.path.join(folder, "golden.safetensors"),
              metadata={"prefill": str(prefill), "model_type": model.config.model_type,
                        "source": "Samples/golden/make_hf_models.py (transformers %s, float64 CPU)" % __import__("transformers").__version__})
    print(name, "logits", tuple(logits.shape))


def fuse(folder, config):
    """Per-expert tensors into the published fused layout, one file."""
    path = os.path.join(folder, "model.safetensors")
    tensors = load_file(path)
    E = config.num_experts
    for layer in range(config.num_hidden_layers):
        p = f"model.layers.{layer}.mlp.experts."
        if p + "0.gate_proj.weight" not in tensors:
            continue
        gate_up = [torch.cat([tensors.pop(p + f"{e}.gate_proj.weight"), tensors.pop(p + f"{e}.up_proj.weight")]) for e in range(E)]
        down = [tensors.pop(p + f"{e}.down_proj.weight") for e in range(E)]
        tensors[p + "gate_up_proj"] = torch.stack(gate_up).contiguous()
        tensors[p + "down_proj"] = torch.stack(down).contiguous()
    save_file(tensors, path, metadata={"format": "pt"})


def main(out):
    os.makedirs(out, exist_ok=True)
    dense = Qwen3_5TextConfig(
        vocab_size=300, hidden_size=48, intermediate_size=96, num_hidden_layers=4,
        layer_types=["linear_attention", "full_attention", "linear_attention", "linear_attention"],
        linear_num_key_heads=2, linear_num_value_heads=6, linear_key_head_dim=8, linear_value_head_dim=12,
        linear_conv_kernel_dim=3, num_attention_heads=4, num_key_value_heads=1, head_dim=12,
        tie_word_embeddings=True, rms_norm_eps=1e-5,
        rope_parameters={"rope_theta": 5000.0, "partial_rotary_factor": 0.5, "rope_type": "default"})
    make(out, "qwen3_5_text-tied-f16-sharded", Qwen3_5ForCausalLM(dense).double(), torch.float16,
         300, 50, 31, seed=3, shard="40KB")
    moe = Qwen3_5MoeTextConfig(
        vocab_size=320, hidden_size=40, num_hidden_layers=3,
        layer_types=["linear_attention", "linear_attention", "full_attention"],
        linear_num_key_heads=2, linear_num_value_heads=4, linear_key_head_dim=8, linear_value_head_dim=10,
        num_attention_heads=2, num_key_value_heads=2, head_dim=16, num_experts=6, num_experts_per_tok=2,
        moe_intermediate_size=24, shared_expert_intermediate_size=32,
        rope_parameters={"rope_theta": 10000.0, "partial_rotary_factor": 0.25, "rope_type": "default"})
    moe._experts_implementation = "eager"   # the grouped GEMM path takes no float64
    make(out, "qwen3_5_moe-fused-experts", Qwen3_5MoeForCausalLM(moe).double(), torch.float32,
         320, 40, 25, seed=5, fuse_experts=True)


if __name__ == "__main__":
    main(sys.argv[1])
