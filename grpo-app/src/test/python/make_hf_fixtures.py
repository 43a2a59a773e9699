#!/usr/bin/env python3
"""Makes the tiny Hugging Face checkpoints and expected logits that HfDecoderLogitsTest compares against.

Each fixture is a folder written by transformers' save_pretrained (config.json, *.safetensors, possibly sharded with
model.safetensors.index.json) plus a byte-level BPE tokenizer.json, and expected.json with transformers' fp32 logits
for fixed input ids (every position) and the tokenizer's ids for a fixed text. The Java test needs no Python: run this
once where transformers is installed (the GPU host has it) and commit the output under
grpo-app/src/test/resources/hf/.

    python3 grpo-app/src/test/python/make_hf_fixtures.py OUT_DIR

Weights are re-drawn at unit scale (not transformers' N(0, 0.02)) so that a wrong rotary convention, a missing bias or
a misplaced norm moves the logits by far more than the test's 1e-4 tolerance. Expected logits come from the
checkpoint as reloaded from disk (so what the files hold is what was checked), on CPU, in fp32, eager attention.
"""
import json
import math
import os
import sys
import traceback

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import (AutoModelForCausalLM, LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast, Qwen2Config,
                          Qwen2ForCausalLM)

VOCAB = 304          # model vocabulary: a little larger than the tokenizer's, as in Qwen2.5 (padded embeddings)
TOKENIZER_VOCAB = 300
INPUT_IDS = [1, 17, 42, 99, 256, 3, 299, 7, 64, 303, 150, 11]
TEXT = "Question: What is 12 + 7?\nAnswer: <answer>19</answer>"
CORPUS = [
    "Question: What is %d + %d?\nAnswer: <answer>%d</answer>" % (a, b, a + b) for a in range(0, 40, 3) for b in range(5)
] + ["Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May."] * 3

FIXTURES = [
    # name, family, config overrides, storage dtype, max shard size (None = one file)
    ("llama-gqa-tied", "llama",
     dict(num_attention_heads=4, num_key_value_heads=2, tie_word_embeddings=True, rope_theta=10000.0), "float32", None),
    ("llama-untied-theta", "llama",
     dict(num_attention_heads=4, num_key_value_heads=4, tie_word_embeddings=False, rope_theta=500000.0,
          rms_norm_eps=1e-5), "bfloat16", "40KB"),
    ("qwen2-gqa-untied", "qwen2",
     dict(num_attention_heads=4, num_key_value_heads=2, tie_word_embeddings=False, rope_theta=1000000.0), "bfloat16",
     None),
    ("qwen2-tied-fp16", "qwen2",
     dict(num_attention_heads=8, num_key_value_heads=2, tie_word_embeddings=True, rope_theta=50000.0), "float16",
     None),
]


def make_tokenizer():
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=TOKENIZER_VOCAB,
                                  special_tokens=["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(CORPUS, trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|endoftext|>", pad_token="<|endoftext|>")


def make_config(family, overrides):
    common = dict(vocab_size=VOCAB, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                  max_position_embeddings=64, rms_norm_eps=1e-6, bos_token_id=None, eos_token_id=0, pad_token_id=0)
    common.update(overrides)
    theta = common.pop("rope_theta")
    cls = LlamaConfig if family == "llama" else Qwen2Config
    # transformers 5 keeps rope settings in rope_parameters; 4.x takes rope_theta: use whichever the version honours.
    for kwargs in ({"rope_parameters": {"rope_type": "default", "rope_theta": theta}}, {"rope_theta": theta}):
        try:
            cfg = cls(**kwargs, **common)
        except TypeError:
            continue
        got = (getattr(cfg, "rope_parameters", None) or {}).get("rope_theta", getattr(cfg, "rope_theta", None))
        if got == theta:
            break
    else:
        raise AssertionError("rope theta not taken by %s" % cls.__name__)
    return cfg, theta


def redraw(model, seed):
    """Unit-scale random weights: N(0, 1/fan_in) for projections, N(0, 1) embeddings, norms 1 +- 0.3, biases 0.3."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight") or "layernorm" in name:
                p.copy_(1.0 + 0.3 * torch.randn(p.shape, generator=g))
            elif name.endswith(".bias"):
                p.copy_(0.3 * torch.randn(p.shape, generator=g))
            elif "embed_tokens" in name:
                p.copy_(torch.randn(p.shape, generator=g))
            else:
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p.shape[-1]))


def save(model, out, shard):
    kwargs = {"max_shard_size": shard} if shard else {}
    try:
        model.save_pretrained(out, safe_serialization=True, **kwargs)
    except TypeError:
        model.save_pretrained(out, **kwargs)


def build(name, family, overrides, dtype, shard, tokenizer, root, seed):
    out = os.path.join(root, name)
    os.makedirs(out, exist_ok=True)
    cfg, theta = make_config(family, overrides)
    torch.manual_seed(seed)
    model = (LlamaForCausalLM if family == "llama" else Qwen2ForCausalLM)(cfg).to(torch.float32)
    redraw(model, seed)
    if cfg.tie_word_embeddings:
        assert model.lm_head.weight.data_ptr() == model.model.embed_tokens.weight.data_ptr(), "not tied"
    model = model.to(getattr(torch, dtype))
    save(model, out, shard)
    tokenizer.save_pretrained(out)
    for extra in ("generation_config.json",):
        if os.path.exists(os.path.join(out, extra)):
            os.remove(os.path.join(out, extra))

    try:
        reloaded = AutoModelForCausalLM.from_pretrained(out, dtype=torch.float32, attn_implementation="eager")
    except TypeError:
        reloaded = AutoModelForCausalLM.from_pretrained(out, torch_dtype=torch.float32, attn_implementation="eager")
    reloaded.eval()
    inv_freq = reloaded.model.rotary_emb.inv_freq
    head_dim = cfg.hidden_size // cfg.num_attention_heads
    want = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
    assert torch.allclose(inv_freq.float().cpu(), want, rtol=1e-6), "rotary frequencies do not use theta %s" % theta
    with torch.no_grad():
        logits = reloaded(torch.tensor([INPUT_IDS])).logits[0].float()
    files = sorted(os.listdir(out))
    expected = {
        "model_type": family,
        "storage_dtype": dtype,
        "input_ids": INPUT_IDS,
        # 9 significant digits give back the exact float32 value, in about half the characters of a double's repr.
        "logits": [[float("%.9g" % x) for x in row] for row in logits.tolist()],
        "text": TEXT,
        "text_ids": tokenizer(TEXT, add_special_tokens=False)["input_ids"],
        "transformers_version": __import__("transformers").__version__,
        "torch_version": torch.__version__,
        "files": files,
    }
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))
    size = sum(os.path.getsize(os.path.join(out, x)) for x in os.listdir(out))
    print("%-20s %-6s %-8s tied=%s kv=%d/%d theta=%g files=%s bytes=%d max|logit|=%.2f" % (
        name, family, dtype, cfg.tie_word_embeddings, cfg.num_key_value_heads, cfg.num_attention_heads, theta, files,
        size, logits.abs().max().item()))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "hf-fixtures"
    torch.set_grad_enabled(False)
    tokenizer = make_tokenizer()
    failed = 0
    for i, (name, family, overrides, dtype, shard) in enumerate(FIXTURES):
        try:
            build(name, family, dict(overrides), dtype, shard, tokenizer, root, 1234 + i)
        except Exception:
            failed += 1
            traceback.print_exc()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
