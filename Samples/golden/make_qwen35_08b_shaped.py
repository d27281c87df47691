"""A checkpoint shaped like the published Qwen3.5-0.8B (text), with random weights, for the memory and
speed checks of real sizes (README "Models it opens"): hidden 1024, 24 layers (3 GDN then 1 gated
attention, six times), 16 key and 16 value heads of 128, 8 query and 2 key/value heads of 256,
intermediate 3584, vocabulary 248320, tied embeddings, bf16 (1.6 GB). transformers on CPU (fla hidden).

    python3 -m venv env && env/bin/pip install torch transformers==5.24.0
    env/bin/python Samples/golden/make_qwen35_08b_shaped.py OUT_DIR [QWEN35_TOKENIZER.json]
"""
import shutil
import sys

sys.modules["fla"] = None
import torch
from transformers import Qwen3_5ForCausalLM, Qwen3_5TextConfig


def main(out, tokenizer=None):
    config = Qwen3_5TextConfig(
        vocab_size=248320, hidden_size=1024, intermediate_size=3584, num_hidden_layers=24,
        layer_types=(["linear_attention"] * 3 + ["full_attention"]) * 6,
        linear_num_key_heads=16, linear_num_value_heads=16, linear_key_head_dim=128, linear_value_head_dim=128,
        linear_conv_kernel_dim=4, num_attention_heads=8, num_key_value_heads=2, head_dim=256,
        tie_word_embeddings=True, rms_norm_eps=1e-6,
        rope_parameters={"rope_theta": 10000000.0, "partial_rotary_factor": 0.25, "rope_type": "default"})
    torch.manual_seed(0)
    model = Qwen3_5ForCausalLM(config).to(torch.bfloat16)
    model.save_pretrained(out)
    if tokenizer:
        shutil.copy(tokenizer, f"{out}/tokenizer.json")
    print(out, sum(p.numel() for p in model.parameters()), "parameters")


if __name__ == "__main__":
    main(*sys.argv[1:])
