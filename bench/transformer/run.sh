#!/usr/bin/env bash
# Side-by-side of traitlab's transformer engine (hand-written MKL paths, DJL autograd) and the same architecture in
# PyTorch eager (the newest torch: scripts/env.sh traitlab_bench_python; TRAITLAB_BENCH_PYTHON=
# /usr/bin/python3 for Debian's python3-torch): training tokens/s (forward, backward, AdamW, clipping)
# and sampling tokens/s with a KV cache, same sizes and batch, plus a check that both compute the
# same logits. Usage: bench/transformer/run.sh [key=value ...] (keys: only=train|sample vocab hidden intermediate
# layers heads kv_heads batch seq steps gen_batch prompt new_tokens gen_reps threads).
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
ARGS=()
for kv in "$@"; do
  case "$kv" in
    threads=*) THREADS="${kv#threads=}" ;;
    *) ARGS+=("$kv") ;;
  esac
done
cd "$ROOT"
mvn -B -q -o -DskipTests -Dspotless.check.skip=true compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
# Both sides run with the malloc settings ./traitlab uses (scripts/env.sh); unset MALLOC_* in the
# peer's environment to see PyTorch as most researchers run it.
traitlab_malloc_env
JAVA=("$JAVA_HOME/bin/java" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  --enable-native-access=ALL-UNNAMED -Dai.djl.pytorch.num_threads="$THREADS"
  -Dai.djl.pytorch.num_interop_threads=1 -cp "target/classes:$(cat target/classpath.txt)")
CHECK="$(mktemp -d)"
trap 'rm -rf "$CHECK"' EXIT

echo "== correctness: same weights, same logits (llama and qwen2)"
for type in llama qwen2; do
  "${JAVA[@]}" dev.traitlab.nn.transformer.TransformerBench only=none model_type=$type vocab=300 \
    hidden=64 intermediate=96 layers=2 heads=4 kv_heads=2 out="$CHECK/$type" >/dev/null 2>&1
  "$PY" bench/transformer/peer.py --check "$CHECK/$type" --threads "$THREADS"
done

PEER_ARGS=()
for kv in "${ARGS[@]}"; do PEER_ARGS+=("--${kv%%=*}" "${kv#*=}"); done
echo "== load while benchmarking (other processes skew timings):"
uptime
T="$(mktemp)"
P="$(mktemp)"
"${JAVA[@]}" dev.traitlab.nn.transformer.TransformerBench "${ARGS[@]}" 2>/dev/null | tee "$T"
"$PY" bench/transformer/peer.py --threads "$THREADS" "${PEER_ARGS[@]}" | tee "$P"
ratio() {
  local t p
  t=$(grep "traitlab $1:" "$T" || true)
  t=$(echo "$t" | sed -E 's/.*= ([0-9.]+) tokens\/s.*/\1/')
  p=$(grep "pytorch $1:" "$P" || true)
  p=$(echo "$p" | sed -E 's/.*= ([0-9.]+) tokens\/s.*/\1/')
  if [ -z "$t" ] || [ -z "$p" ]; then
    return 0
  fi
  awk -v t="$t" -v p="$p" -v w="$1" 'BEGIN { printf "%-6s traitlab %8.0f tokens/s  pytorch %8.0f tokens/s  ratio traitlab/pytorch %.2f\n", w, t, p, t / p }'
}
echo "== summary ($THREADS threads each)"
ratio train
ratio sample
rm -f "$T" "$P"
