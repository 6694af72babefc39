#!/usr/bin/env bash
# The machine's achievable matmul FLOP/s (peak.py): torch.mm on square matrices and on the shapes
# of bench/transformer's default model, float32 and, where the CPU has it, bfloat16; best of
# several repetitions. This is the physical limit the other benches' achieved FLOP/s are read
# against (what BLAS/oneDNN reach on this CPU with these threads, not the datasheet's peak).
# Usage: bench/matmul/run.sh [threads=T] [reps=R] [seconds=S] [dtypes=float32,bfloat16]
# (defaults: 2 threads, as every bench uses; 5 reps of about 0.3 s each per shape; bfloat16 when
# the CPU has AVX-512 BF16 or AMX). Python: scripts/env.sh traitlab_bench_python (the newest
# torch; TRAITLAB_BENCH_PYTHON=/usr/bin/python3 for Debian's).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../scripts/env.sh
. "$ROOT/scripts/env.sh"
ARGS=()
for kv in "$@"; do
  case "$kv" in
    threads=* | reps=* | seconds=* | dtypes=*) ARGS+=("--${kv%%=*}" "${kv#*=}") ;;
    *) echo "bench: unknown option $kv (threads= reps= seconds= dtypes=)" >&2; exit 2 ;;
  esac
done
traitlab_bench_python "$ROOT" || exit 1
echo "== PyTorch $BENCH_TORCH ($BENCH_PY)"
echo "== load while benchmarking (other processes lower the figures):"
uptime
"$BENCH_PY" "$ROOT/bench/matmul/peak.py" "${ARGS[@]}"
uptime
