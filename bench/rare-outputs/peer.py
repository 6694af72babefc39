"""PyTorch eager peer of traitlab's FinalPositionPass on the rare-outputs models: the same gated-GELU
Llama layout (RMSNorm, rotary positions in the HF rotate_half layout, exact GELU, tied embeddings),
loaded from the same model directories (config.json + model.safetensors), in plain torch ops.

  --check PROBE_DIR MODEL_DIR   compares with the probe traitlab wrote (argmaxes, target logits,
                                last-position logits, embedding gradients); exits 1 on a mismatch.
  --models DIR,DIR,...          times each model: argmax rows/s and gradient rows/s, as traitlab's
                                bench does (same batches, same seconds), in two forms:
                                "final" computes the last layer's query, attention output and MLP
                                at the last position only (FinalPositionPass's algorithm), "full"
                                runs every position through every layer and takes the last
                                (what model(ids).logits[:, -1] does). With transformers installed,
                                also "hf": LlamaForCausalLM.from_pretrained on the same directory.
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from safetensors_f32 import read_safetensors  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--check", nargs=2, default=None)
p.add_argument("--models", default=None)
p.add_argument("--seq", type=int, default=6)
p.add_argument("--batch", type=int, default=4096)
p.add_argument("--grad_batch", type=int, default=2048)
p.add_argument("--seconds", type=float, default=2.0)
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()
torch.set_num_threads(a.threads)


class Model:
    """The model as weight tensors and a function of the input embeddings."""

    def __init__(self, directory):
        self.c = c = json.load(open(directory + "/config.json"))
        assert c["hidden_act"] == "gelu" and c["num_key_value_heads"] == c["num_attention_heads"], c
        self.w = read_safetensors(directory + "/model.safetensors")
        self.layers = c["num_hidden_layers"]
        self.heads = c["num_attention_heads"]
        self.d = c.get("head_dim") or c["hidden_size"] // self.heads
        self.eps = c.get("rms_norm_eps", 1e-6)
        inv = 1.0 / (c.get("rope_theta", 10000.0) ** (torch.arange(0, self.d, 2).float() / self.d))
        ang = torch.arange(c["max_position_embeddings"]).float()[:, None] * inv
        emb = torch.cat((ang, ang), dim=-1)
        self.cos, self.sin = emb.cos(), emb.sin()
        self.embed = self.w["model.embed_tokens.weight"]
        self.head = self.w.get("lm_head.weight", self.embed)

    def rms(self, x, name):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.w[name]

    def lin(self, x, name):
        return x @ self.w[name + ".weight"].t()

    def rope(self, x, cos, sin):
        x1, x2 = x.chunk(2, dim=-1)
        return x * cos + torch.cat((-x2, x1), dim=-1) * sin

    def final_hidden(self, x, final_only=True):
        """Normed hidden state [B, h] at the last position of embeddings x [B, T, h]."""
        B, T, h = x.shape
        H, D = self.heads, self.d
        cos, sin = self.cos[:T], self.sin[:T]
        for i in range(self.layers):
            p = f"model.layers.{i}."
            last = final_only and i == self.layers - 1
            n = self.rms(x, p + "input_layernorm.weight")
            k = self.rope(self.lin(n, p + "self_attn.k_proj").view(B, T, H, D).transpose(1, 2), cos, sin)
            v = self.lin(n, p + "self_attn.v_proj").view(B, T, H, D).transpose(1, 2)
            if last:
                # One query, at the last position, sees every key: no mask.
                q = self.lin(n[:, -1:], p + "self_attn.q_proj").view(B, 1, H, D).transpose(1, 2)
                q = self.rope(q, cos[-1:], sin[-1:])
                o = F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(B, 1, h)
                x = x[:, -1:]
            else:
                q = self.lin(n, p + "self_attn.q_proj").view(B, T, H, D).transpose(1, 2)
                q = self.rope(q, cos, sin)
                o = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, T, h)
            x = x + self.lin(o, p + "self_attn.o_proj")
            n = self.rms(x, p + "post_attention_layernorm.weight")
            x = x + self.lin(F.gelu(self.lin(n, p + "mlp.gate_proj")) * self.lin(n, p + "mlp.up_proj"),
                             p + "mlp.down_proj")
        return self.rms(x[:, -1], "model.norm.weight")

    def argmax(self, ids, final_only=True):
        with torch.inference_mode():
            logits = self.final_hidden(F.embedding(ids, self.embed), final_only) @ self.head.t()
            return logits.argmax(-1).numpy()

    def gradient(self, ids, targets):
        """Argmax, target logits and d targetLogit / d input embeddings, as FinalPositionPass."""
        x0 = F.embedding(ids, self.embed).requires_grad_(True)
        logits = self.final_hidden(x0) @ self.head.t()
        chosen = logits.gather(1, targets[:, None])
        chosen.sum().backward()
        return logits.argmax(-1).numpy(), chosen.detach().numpy(), x0.grad.numpy()


def check(probe_dir, model_dir):
    m = Model(model_dir)
    pr = json.load(open(probe_dir + "/probe.json"))
    rows = torch.tensor(pr["rows"])
    targets = torch.tensor(pr["targets"])
    with torch.inference_mode():
        logits = m.final_hidden(F.embedding(rows, m.embed)) @ m.head.t()
    ours = logits.argmax(-1)
    theirs = torch.tensor(pr["argmax"])
    top2 = logits.topk(2, dim=-1).values
    margin = top2[:, 0] - top2[:, 1]
    differ = (ours != theirs).nonzero().flatten()
    # Two logits within rounding of each other may order either way; anything else is a bug.
    real = [int(i) for i in differ if margin[i] > 1e-4]
    tl = logits.gather(1, targets[:, None]).flatten()
    tl_err = (tl - torch.tensor(pr["targetLogits"])).abs().max().item()
    d = len(pr["logits"])
    full_err = (logits[:d] - torch.tensor(pr["logits"])).abs().max().item()
    _, _, grads = m.gradient(rows[:d], targets[:d])
    g_theirs = torch.tensor(pr["gradients"]).reshape(grads.shape)
    g_err = (torch.from_numpy(grads) - g_theirs).abs().max().item()
    g_scale = g_theirs.abs().max().item()
    scale = logits.abs().max().item()
    print(f"peer check ({m.layers} layers): argmax agrees on {len(rows) - len(differ)}/{len(rows)} rows"
          f" ({len(differ) - len(real)} differ at a near-tie); max |target logit difference| {tl_err:.1e},"
          f" last-position logits {full_err:.1e} (largest |logit| {scale:.1f}); embedding gradients"
          f" {g_err:.1e} (largest {g_scale:.2f})")
    ok = not real and max(tl_err, full_err) < 1e-4 * max(1.0, scale) and g_err < 1e-4 * max(1.0, g_scale)
    return ok


def report(kind, layers, batch, call):
    for i in range(3):
        call(i)
    calls = 0
    t0 = time.perf_counter()
    while True:
        call(calls)
        calls += 1
        secs = time.perf_counter() - t0
        if secs >= a.seconds and calls >= 3:
            break
    print(f"pytorch {kind} layers={layers}: {calls} calls of {batch}x{a.seq} in {secs:.2f} s = "
          f"{calls * batch / secs:.0f} rows/s", flush=True)


def time_models(dirs):
    try:
        import transformers
    except ImportError:
        transformers = None
    print(f"pytorch {torch.__version__}, {torch.get_num_threads()} threads"
          + (f", transformers {transformers.__version__}" if transformers else ", no transformers"))
    g = torch.Generator().manual_seed(1)
    for directory in dirs:
        m = Model(directory)
        V = m.c["vocab_size"]
        rows = [torch.randint(0, V, (a.batch, a.seq), generator=g) for _ in range(4)]
        grows = [torch.randint(0, V, (a.grad_batch, a.seq), generator=g) for _ in range(4)]
        gtargets = [torch.randint(0, V, (a.grad_batch,), generator=g) for _ in range(4)]
        report("argmax", m.layers, a.batch, lambda i: m.argmax(rows[i % 4]))
        report("gradient", m.layers, a.grad_batch, lambda i: m.gradient(grows[i % 4], gtargets[i % 4]))
        report("argmax-full", m.layers, a.batch, lambda i: m.argmax(rows[i % 4], final_only=False))
        if transformers is not None:
            hf = transformers.AutoModelForCausalLM.from_pretrained(directory, dtype=torch.float32).eval()

            def hf_argmax(i):
                with torch.inference_mode():
                    return hf(rows[i % 4], logits_to_keep=1).logits[:, -1].argmax(-1).numpy()

            with torch.inference_mode():
                agree = (hf(rows[0][:512], logits_to_keep=1).logits[:, -1].argmax(-1).numpy() == m.argmax(rows[0][:512])).mean()
            print(f"pytorch hf-check layers={m.layers}: transformers' argmax agrees with the peer on "
                  f"{agree * 512:.0f}/512 rows")
            report("argmax-hf", m.layers, a.batch, hf_argmax)


if a.check:
    sys.exit(0 if check(*a.check) else 1)
if a.models:
    time_models(a.models.split(","))
