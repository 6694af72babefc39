#!/usr/bin/env bash
# Side-by-side of traitlab's transformer engine (hand-written MKL paths, DJL autograd) and the same architecture in
# PyTorch eager (the newest torch: scripts/env.sh traitlab_bench_python; TRAITLAB_BENCH_PYTHON=
# /usr/bin/python3 for Debian's python3-torch): training tokens/s (forward, backward, AdamW, clipping)
# and sampling tokens/s with a KV cache, same sizes and batch, plus a check that both compute the
# same logits. Usage: bench/transformer/run.sh [key=value ...] (keys: only=train|sample vocab hidden intermediate
# layers heads kv_heads batch seq steps gen_batch prompt new_tokens gen_reps threads reps autograd=no).
# reps=R (default 3) runs the two sides R times, alternating (traitlab, PyTorch, traitlab, ...), and
# prints each pair's ratio and the medians: on a shared machine whose speed drifts from one minute
# to the next, one pair of runs can be off by 20% either way.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../scripts/env.sh
. "$ROOT/scripts/env.sh"
traitlab_find_jdk || exit 1
traitlab_require_maven || exit 1
traitlab_bench_python "$ROOT" || exit 1
PY="$BENCH_PY"
echo "== peer: PyTorch $BENCH_TORCH ($PY)"
THREADS=2
REPS=3
ARGS=()
for kv in "$@"; do
  case "$kv" in
    threads=*) THREADS="${kv#threads=}" ;;
    reps=*) REPS="${kv#reps=}" ;;
    *) ARGS+=("$kv") ;;
  esac
done
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: reps must be a positive integer, got '$REPS'" >&2; exit 2; }
cd "$ROOT"
mvn -B -q -o -DskipTests -Dspotless.check.skip=true compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
# Both sides run with the malloc settings ./traitlab uses (scripts/env.sh); unset MALLOC_* in the
# peer's environment to see PyTorch as most researchers run it.
traitlab_malloc_env
# traitlab's JVM runs as ./traitlab runs it (MKL dispatching by instruction set on AMD processors,
# scripts/env.sh); the peer as installed unless TRAITLAB_BENCH_PEER_MKL=isa.
traitlab_bench_mkl "$ROOT" || exit 2
JAVA=("${TRAITLAB_MKL_PREFIX[@]}" "$JAVA_HOME/bin/java" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  --enable-native-access=ALL-UNNAMED -Dai.djl.pytorch.num_threads="$THREADS"
  -Dai.djl.pytorch.num_interop_threads=1 -cp "target/classes:$(cat target/classpath.txt)")
CHECK="$(mktemp -d)"
OUT="$(mktemp -d)"
trap 'rm -rf "$CHECK" "$OUT"' EXIT

echo "== correctness: same weights, same logits (llama and qwen2)"
for type in llama qwen2; do
  "${JAVA[@]}" dev.traitlab.nn.transformer.TransformerBench only=none model_type=$type vocab=300 \
    hidden=64 intermediate=96 layers=2 heads=4 kv_heads=2 out="$CHECK/$type" >/dev/null 2>&1
  "${PEER_MKL_PREFIX[@]}" "$PY" bench/transformer/peer.py --check "$CHECK/$type" --threads "$THREADS"
done

PEER_ARGS=()
for kv in "${ARGS[@]}"; do
  # autograd=no (traitlab's side only) skips its DJL autograd comparison.
  [[ "$kv" == autograd=* ]] || PEER_ARGS+=("--${kv%%=*}" "${kv#*=}")
done
echo "== load while benchmarking (other processes skew timings):"
uptime
for rep in $(seq 1 "$REPS"); do
  echo "== repetition $rep of $REPS"
  "${JAVA[@]}" dev.traitlab.nn.transformer.TransformerBench "${ARGS[@]}" 2>/dev/null | tee "$OUT/traitlab-$rep"
  "${PEER_MKL_PREFIX[@]}" "$PY" bench/transformer/peer.py --threads "$THREADS" "${PEER_ARGS[@]}" | tee "$OUT/pytorch-$rep"
done
uptime
echo "== summary ($THREADS threads each, $REPS alternating repetitions)"
"$PY" - "$OUT" "$REPS" <<'PY'
import re, statistics, sys
out, reps = sys.argv[1], int(sys.argv[2])
def rate(side, rep, what):
    for line in open(f"{out}/{side}-{rep}"):
        if line.startswith(f"{side} {what}:"):
            return float(re.search(r"= ([0-9.]+) tokens/s", line).group(1))
    return None
for what in ("train", "sample"):
    t = [rate("traitlab", r, what) for r in range(1, reps + 1)]
    p = [rate("pytorch", r, what) for r in range(1, reps + 1)]
    if all(x is None for x in t + p):
        continue  # not measured (only=...)
    if None in t or None in p:
        side = "traitlab" if None in t else "pytorch"
        print(f"{what:6s} no ratio: no '{side} {what}:' line in some repetition (see its output above)")
        continue
    ratios = [a / b for a, b in zip(t, p)]
    print(f"{what:6s} traitlab {statistics.median(t):8.0f} tokens/s  pytorch {statistics.median(p):8.0f}"
          f" tokens/s (medians)  ratio traitlab/pytorch {statistics.median(ratios):.2f} (median;"
          f" per repetition {', '.join(f'{r:.2f}' for r in ratios)})")
PY
