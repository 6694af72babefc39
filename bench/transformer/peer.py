"""PyTorch eager peer of traitlab's transformer bench: the same Llama/Qwen2 architecture
(RMSNorm, rotary positions in the HF rotate_half layout, SwiGLU, grouped-query attention, tied
embeddings), written in plain torch ops, trained with torch.optim.AdamW and gradient clipping and
sampled with a KV cache. With --check DIR it loads the model traitlab saved there and compares
logits on the probe batch traitlab wrote, so both sides are known to compute the same function."""
import argparse, json, math, os, sys, time
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from safetensors_f32 import read_safetensors  # noqa: E402

p = argparse.ArgumentParser()
for k, v in dict(vocab=4096, hidden=256, intermediate=704, layers=4, heads=8, kv_heads=4,
                 batch=16, seq=128, steps=20, gen_batch=8, prompt=16, new_tokens=64,
                 gen_reps=10, threads=2).items():
    p.add_argument("--" + k, type=int, default=v)
p.add_argument("--only", default="all")
p.add_argument("--check", default=None)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)


class Model(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        h, kv = c["hidden_size"], c["num_key_value_heads"] * (c["hidden_size"] // c["num_attention_heads"])
        bias = c.get("model_type") == "qwen2" or c.get("attention_bias", False)
        self.embed = torch.nn.Embedding(c["vocab_size"], h)
        self.layers = torch.nn.ModuleList()
        for _ in range(c["num_hidden_layers"]):
            L = torch.nn.Module()
            L.ln1 = torch.nn.Parameter(torch.ones(h))
            L.q = torch.nn.Linear(h, h, bias=bias)
            L.k = torch.nn.Linear(h, kv, bias=bias)
            L.v = torch.nn.Linear(h, kv, bias=bias)
            L.o = torch.nn.Linear(h, h, bias=False)
            L.ln2 = torch.nn.Parameter(torch.ones(h))
            L.gate = torch.nn.Linear(h, c["intermediate_size"], bias=False)
            L.up = torch.nn.Linear(h, c["intermediate_size"], bias=False)
            L.down = torch.nn.Linear(c["intermediate_size"], h, bias=False)
            self.layers.append(L)
        self.norm = torch.nn.Parameter(torch.ones(h))
        for prm in self.parameters():
            if prm.dim() == 2:
                torch.nn.init.normal_(prm, std=0.02)
        d = h // c["num_attention_heads"]
        self.inv_freq = 1.0 / (c.get("rope_theta", 10000.0) ** (torch.arange(0, d, 2).float() / d))

    def load_hf(self, w):
        self.embed.weight.data.copy_(w["model.embed_tokens.weight"])
        for i, L in enumerate(self.layers):
            p = f"model.layers.{i}."
            L.ln1.data.copy_(w[p + "input_layernorm.weight"])
            L.ln2.data.copy_(w[p + "post_attention_layernorm.weight"])
            for mod, name in [(L.q, "self_attn.q_proj"), (L.k, "self_attn.k_proj"), (L.v, "self_attn.v_proj"),
                              (L.o, "self_attn.o_proj"), (L.gate, "mlp.gate_proj"), (L.up, "mlp.up_proj"),
                              (L.down, "mlp.down_proj")]:
                mod.weight.data.copy_(w[p + name + ".weight"])
                if mod.bias is not None:
                    mod.bias.data.copy_(w[p + name + ".bias"])
        self.norm.data.copy_(w["model.norm.weight"])

    def rms(self, x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.c.get("rms_norm_eps", 1e-6)) * w

    @staticmethod
    def rotate_half(x):
        x1, x2 = x.chunk(2, dim=-1)
        return torch.cat((-x2, x1), dim=-1)

    def forward(self, ids, pos, mask, cache=None):
        c = self.c
        B, T = ids.shape
        H, KV = c["num_attention_heads"], c["num_key_value_heads"]
        D = c["hidden_size"] // H
        ang = pos[..., None].float() * self.inv_freq
        emb = torch.cat((ang, ang), dim=-1)
        cos, sin = emb.cos()[:, None], emb.sin()[:, None]  # [B,1,T,D]
        x = self.embed(ids)
        for i, L in enumerate(self.layers):
            a = self.rms(x, L.ln1)
            q = L.q(a).view(B, T, H, D).transpose(1, 2)
            k = L.k(a).view(B, T, KV, D).transpose(1, 2)
            v = L.v(a).view(B, T, KV, D).transpose(1, 2)
            q = q * cos + self.rotate_half(q) * sin
            k = k * cos + self.rotate_half(k) * sin
            if cache is not None:
                if cache[i] is not None:
                    k = torch.cat((cache[i][0], k), dim=2)
                    v = torch.cat((cache[i][1], v), dim=2)
                cache[i] = (k, v)
            k = k.repeat_interleave(H // KV, dim=1)
            v = v.repeat_interleave(H // KV, dim=1)
            s = q @ k.transpose(-1, -2) / math.sqrt(D) + mask
            o = (s.softmax(-1) @ v).transpose(1, 2).reshape(B, T, -1)
            x = x + L.o(o)
            n = self.rms(x, L.ln2)
            x = x + L.down(F.silu(L.gate(n)) * L.up(n))
        return self.rms(x, self.norm) @ self.embed.weight.t()


def causal(T, past=0):
    return torch.full((T, past + T), float("-inf")).triu(past + 1)


if a.check:
    c = json.load(open(a.check + "/config.json"))
    m = Model(c)
    m.load_hf(read_safetensors(a.check + "/model.safetensors"))
    lines = open(a.check + "/probe.txt").read().split("\n")
    probe = torch.tensor([json.loads(lines[0]), json.loads(lines[1])])
    want = torch.tensor([[float(x) for x in l.split()] for l in lines[2:] if l.strip()])
    with torch.no_grad():
        T = probe.shape[1]
        logits = m(probe, torch.arange(T).expand(2, T), causal(T))
    got = logits[:, :, [0, 1, c["vocab_size"] - 1]].reshape(-1, 3)
    err = (got - want).abs().max().item()
    scale = want.abs().max().item()
    print(f"peer check ({c['model_type']}): max |logit difference| traitlab vs PyTorch = {err:.2e} "
          f"(largest |logit| {scale:.2f})")
    sys.exit(0 if err < 1e-4 * max(1.0, scale) else 1)

c = dict(vocab_size=a.vocab, hidden_size=a.hidden, intermediate_size=a.intermediate,
         num_hidden_layers=a.layers, num_attention_heads=a.heads, num_key_value_heads=a.kv_heads,
         model_type="llama")
m = Model(c)
print(f"pytorch {torch.__version__} model: {sum(p.numel() for p in m.parameters())} parameters, "
      f"{torch.get_num_threads()} threads")
g = torch.Generator().manual_seed(0)

if a.only != "sample":
    opt = torch.optim.AdamW(m.parameters(), lr=1e-4, weight_decay=0.01)
    pos = torch.arange(a.seq).expand(a.batch, a.seq)
    mask = causal(a.seq)

    def step():
        toks = torch.randint(0, a.vocab, (a.batch, a.seq), generator=g)
        logits = m(toks, pos, mask)
        loss = F.cross_entropy(logits[:, :-1].reshape(-1, a.vocab), toks[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        loss = step()
    secs = time.perf_counter() - t0
    print(f"pytorch train: {a.steps} steps of {a.batch}x{a.seq} tokens in {secs:.2f} s = "
          f"{a.steps * a.batch * a.seq / secs:.0f} tokens/s (final loss {loss:.3f})")

if a.only != "train":
    @torch.no_grad()
    def generate(prompts, n):
        B, P = prompts.shape
        cache = [None] * len(m.layers)
        logits = m(prompts, torch.arange(P).expand(B, P), causal(P), cache)[:, -1]
        out = []
        for t in range(n):
            tok = torch.multinomial(logits.softmax(-1), 1, generator=g)
            out.append(tok)
            logits = m(tok, torch.full((B, 1), P + t), torch.zeros(1, P + t + 1), cache)[:, -1]
        return torch.cat(out, 1)

    prompts = torch.randint(0, a.vocab, (a.gen_batch, a.prompt), generator=g)
    # One full untimed call first, as the traitlab side does (its JIT compiles during it).
    generate(prompts, a.new_tokens)
    t0 = time.perf_counter()
    for _ in range(a.gen_reps):
        generate(prompts, a.new_tokens)
    secs = time.perf_counter() - t0
    n = a.gen_reps * a.gen_batch * a.new_tokens
    print(f"pytorch sample: {n} new tokens (batch {a.gen_batch}, prompt {a.prompt}) in {secs:.2f} s = "
          f"{n / secs:.0f} tokens/s")
