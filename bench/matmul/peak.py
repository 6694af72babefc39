"""The machine's achievable matmul FLOP/s: torch.mm (and torch.bmm for attention-shaped products)
on square matrices and on the shapes of bench/transformer's default model (4,096-token vocabulary,
hidden 256, SwiGLU 704, 8 heads of 32 with 4 KV heads; 16 x 128 tokens per training step, 8 rows
per sampling step), float32 and, where the CPU has AVX-512 BF16 or AMX, bfloat16. Each shape: the
best of REPS timings, each of enough products to last about SECONDS; FLOPs = 2 M K N per product
(times the batch for bmm). Prints one line per shape and the best of all: the "physical limit"
that achieved FLOP/s of the benches are read against."""
import argparse
import time

import torch

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=2)
p.add_argument("--reps", type=int, default=5)
p.add_argument("--seconds", type=float, default=0.3)
p.add_argument("--dtypes", default="auto", help="float32,bfloat16 or auto (bfloat16 where the CPU has it)")
args = p.parse_args()
torch.set_num_threads(args.threads)
flags = open("/proc/cpuinfo").read()
has_bf16 = any(f in flags for f in ("avx512_bf16", "amx_bf16"))
dtypes = ["float32"] + (["bfloat16"] if has_bf16 else []) if args.dtypes == "auto" else args.dtypes.split(",")
model = next((line.split(":", 1)[1].strip() for line in flags.splitlines() if line.startswith("model name")), "?")
print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, CPU {model}, capability"
      f" {torch.backends.cpu.get_cpu_capability()}, bf16 instructions: {'yes' if has_bf16 else 'no'}")

T, H, I, V, HEADS, KV, D, GEN = 16 * 128, 256, 704, 4096, 8, 4, 32, 8
SHAPES = [  # (label, batch or 0 for mm, M, K, N)
    ("square 512", 0, 512, 512, 512),
    ("square 1024", 0, 1024, 1024, 1024),
    ("square 2048", 0, 2048, 2048, 2048),
    ("square 4096", 0, 4096, 4096, 4096),
    ("train q,k,v", 0, T, H, H + 2 * KV * D),
    ("train out proj", 0, T, H, H),
    ("train gate+up", 0, T, H, 2 * I),
    ("train down", 0, T, I, H),
    ("train lm head", 0, T, H, V),
    ("train lm head grad-in", 0, T, V, H),
    ("train lm head grad-w", 0, H, T, V),
    ("train attn scores (bmm)", 16 * HEADS, 128, D, 128),
    ("sample gate+up (8 rows)", 0, GEN, H, 2 * I),
    ("sample lm head (8 rows)", 0, GEN, H, V),
]


def measure(batch, m, k, n, dtype):
    shape_a, shape_b = ((batch, m, k), (batch, k, n)) if batch else ((m, k), (k, n))
    a = torch.randn(shape_a).to(dtype)
    b = torch.randn(shape_b).to(dtype)
    out = torch.empty((batch, m, n) if batch else (m, n), dtype=dtype)
    op = torch.bmm if batch else torch.mm
    op(a, b, out=out)  # warm-up: packing, thread pool
    t0 = time.perf_counter()
    op(a, b, out=out)
    once = max(time.perf_counter() - t0, 1e-7)
    iters = max(1, int(args.seconds / once))
    best = float("inf")
    for _ in range(args.reps):
        t0 = time.perf_counter()
        for _ in range(iters):
            op(a, b, out=out)
        best = min(best, (time.perf_counter() - t0) / iters)
    return 2.0 * max(batch, 1) * m * k * n / best


peak = {}
for dtype_name in dtypes:
    dtype = getattr(torch, dtype_name)
    for label, batch, m, k, n in SHAPES:
        f = measure(batch, m, k, n, dtype)
        peak[dtype_name] = max(peak.get(dtype_name, 0.0), f)
        shape = (f"{batch} x " if batch else "") + f"{m} x {k} @ {k} x {n}"
        print(f"{dtype_name:<8} {label:<24} {shape:<26} {f / 1e9:8.1f} GFLOP/s")
for dtype_name, f in peak.items():
    print(f"peak {dtype_name}: {f / 1e9:.1f} GFLOP/s with {args.threads} threads"
          f" (best of all shapes, best of {args.reps} reps each)")
