#!/usr/bin/env bash
# Side-by-side of the forward passes `traitlab run rare-outputs` spends its time in: traitlab's
# FinalPositionPass (DJL + libtorch) against the same models in PyTorch eager, loaded from the same
# model directories. Two passes per model (1, 2 and 4 layers): argmax rows/s (exact enumeration,
# naive sampling, MHIS, the activation samples of QLD and GLD; 4096 rows per call) and gradient
# rows/s (ITGIS: the target logit's gradient with respect to every input embedding; 2048 rows per
# call). First checks on a sample that both sides give the same argmaxes, logits and gradients.
# Alternates traitlab and PyTorch over REPETITIONS and prints medians, the ratio and the FLOP/s
# achieved against the machine's rough peak.
#
# Usage: bench/rare-outputs/run.sh [REPETITIONS] [key=value ...]
#   keys: seq (tokens per row, default 6: the hex and caps distributions), batch, grad_batch,
#   seconds (per measurement), threads, peak (GFLOP/s, default 2 cores x 3 GHz x 32 = 192;
#   bench/matmul measures what torch.mm reaches on the machine).
# Models: the newest trained ones in ${TRAITLAB_RUNS:-runs}/cache (run `./traitlab run
# rare-outputs` first, or set TRAITLAB_BENCH_MODELS=DIR1,DIR2,DIR4); without them, models of the
# same config with random weights (same cost per row).
# Python: scripts/env.sh traitlab_bench_python: $TRAITLAB_BENCH_PYTHON if set (e.g. /usr/bin/python3
# for Debian's python3-torch), else .hf-venv/bin/python (scripts/hf-interop-env; the newest torch,
# and transformers, which adds LlamaForCausalLM's own timing), else /usr/bin/python3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/rare-outputs"
# shellcheck source=../../scripts/env.sh
. "$ROOT/scripts/env.sh"
traitlab_find_jdk || exit 1
traitlab_require_maven || exit 1

REPS=3
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  REPS="$1"
  shift
fi
THREADS=2
PEAK=192
SEQ=6
BATCH=4096
GRAD_BATCH=2048
SECONDS_EACH=2
for kv in "$@"; do
  case "$kv" in
    threads=*) THREADS="${kv#*=}" ;;
    peak=*) PEAK="${kv#*=}" ;;
    seq=*) SEQ="${kv#*=}" ;;
    batch=*) BATCH="${kv#*=}" ;;
    grad_batch=*) GRAD_BATCH="${kv#*=}" ;;
    seconds=*) SECONDS_EACH="${kv#*=}" ;;
    *) echo "bench: unknown option $kv" >&2; exit 2 ;;
  esac
done

traitlab_bench_python "$ROOT" || exit 1
PY="$BENCH_PY"
echo "== peer: PyTorch $BENCH_TORCH ($PY)"

cd "$ROOT"
mvn -B -q -o -DskipTests -Dspotless.check.skip=true compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
traitlab_bench_mkl "$ROOT" || exit 2
JAVA=("${TRAITLAB_MKL_PREFIX[@]}" "$JAVA_HOME/bin/java" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  --enable-native-access=ALL-UNNAMED -Dai.djl.pytorch.num_threads="$THREADS"
  -Dai.djl.pytorch.num_interop_threads=1 -cp "target/classes:$(cat target/classpath.txt)"
  dev.traitlab.nn.transformer.FinalPositionBench)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# The newest cached model of each layer count with the experiment's default config.
find_model() {
  local cache="${TRAITLAB_RUNS:-$ROOT/runs}/cache" dir
  for dir in $(ls -td "$cache"/rare-outputs-model-*/ 2>/dev/null); do
    if "$PY" - "$dir/config.json" "$1" <<'PY' 2>/dev/null; then
import json, sys
c = json.load(open(sys.argv[1]))
want = dict(num_hidden_layers=int(sys.argv[2]), hidden_size=32, vocab_size=512, hidden_act="gelu",
            intermediate_size=96, num_attention_heads=4)
sys.exit(0 if all(c.get(k) == v for k, v in want.items()) else 1)
PY
      echo "${dir%/}"
      return 0
    fi
  done
  return 1
}

MODELS=()
if [ -n "${TRAITLAB_BENCH_MODELS:-}" ]; then
  IFS=, read -r -a MODELS <<<"$TRAITLAB_BENCH_MODELS"
  WEIGHTS="given ($TRAITLAB_BENCH_MODELS)"
else
  WEIGHTS="trained (the rare-outputs cache)"
  for layers in 1 2 4; do
    if dir=$(find_model "$layers"); then
      MODELS+=("$dir")
    else
      WEIGHTS="random, scaled (no trained rare-outputs models in ${TRAITLAB_RUNS:-runs}/cache)"
      MODELS=()
      break
    fi
  done
  if [ ${#MODELS[@]} -eq 0 ]; then
    for layers in 1 2 4; do
      "${JAVA[@]}" write="$WORK/model-$layers" layers="$layers" seed="$layers" 2>/dev/null
      MODELS+=("$WORK/model-$layers")
    done
  fi
fi
LIST="$(IFS=,; echo "${MODELS[*]}")"
echo "== models: $WEIGHTS weights"

echo "== correctness: same weights, same argmaxes, logits and gradients"
for dir in "${MODELS[@]}"; do
  mkdir -p "$WORK/probe"
  "${JAVA[@]}" probe="$WORK/probe" model="$dir" seq="$SEQ" 2>/dev/null
  "${PEER_MKL_PREFIX[@]}" "$PY" "$HERE/peer.py" --threads "$THREADS" --check "$WORK/probe" "$dir"
done

echo "== load while benchmarking (other processes skew timings):"
uptime
for rep in $(seq 1 "$REPS"); do
  echo "-- repetition $rep of $REPS"
  "${JAVA[@]}" models="$LIST" seq="$SEQ" batch="$BATCH" grad_batch="$GRAD_BATCH" \
    seconds="$SECONDS_EACH" 2>/dev/null | tee -a "$WORK/traitlab.txt"
  "${PEER_MKL_PREFIX[@]}" "$PY" "$HERE/peer.py" --threads "$THREADS" --models "$LIST" --seq "$SEQ" --batch "$BATCH" \
    --grad_batch "$GRAD_BATCH" --seconds "$SECONDS_EACH" | tee -a "$WORK/pytorch.txt"
done
uptime

"$PY" - "$WORK" "$PEAK" "$SEQ" "$THREADS" "${MODELS[@]}" <<'PY'
import json, re, statistics, sys
work, peak, seq, threads, dirs = sys.argv[1], float(sys.argv[2]) * 1e9, int(sys.argv[3]), sys.argv[4], sys.argv[5:]
rates = {}
for side in ("traitlab", "pytorch"):
    for line in open(f"{work}/{side}.txt"):
        m = re.match(r"(\w+) (\S+) layers=(\d+): .* = (\d+) rows/s", line)
        if m:
            rates.setdefault((m[1], m[2], int(m[3])), []).append(float(m[4]))
med = {k: statistics.median(v) for k, v in rates.items()}


def flops(c, T):
    """Forward FLOPs per row of the final-position pass (multiply-adds x 2; the attention's T x T
    scores counted in full, as computed). Norms, rotary and softmax are left out (< 2%)."""
    h, I, V, L = c["hidden_size"], c["intermediate_size"], c["vocab_size"], c["num_hidden_layers"]
    full = 2 * T * h * 3 * h + 2 * 2 * T * T * h + 2 * T * h * h + 2 * T * h * 3 * I
    last = 2 * T * h * 2 * h + 2 * h * h + 2 * 2 * T * h + 2 * h * h + 2 * h * 3 * I
    return (L - 1) * full + last + 2 * h * V


print(f"== summary: medians of {len(next(iter(rates.values())))} repetitions, {threads} threads each side,"
      f" rows of {seq} tokens; peak taken as {peak / 1e9:.0f} GFLOP/s")
print("   (gradient pass FLOPs = 2 x forward: the backward needs input gradients only, no weight gradients)")
print(f"{'layers':>6} {'pass':>8} {'traitlab rows/s':>16} {'pytorch rows/s':>15} {'ratio':>6}"
      f" {'traitlab GFLOP/s':>17} {'pytorch GFLOP/s':>16} {'pytorch full':>13} {'hf':>9}")
for d in dirs:
    c = json.load(open(d + "/config.json"))
    L = c["num_hidden_layers"]
    f = flops(c, seq)
    for kind, mult in (("argmax", 1), ("gradient", 2)):
        t, p = med.get(("traitlab", kind, L)), med.get(("pytorch", kind, L))
        if t is None or p is None:
            continue
        full = med.get(("pytorch", kind + "-full", L)) if kind == "argmax" else None
        hf = med.get(("pytorch", kind + "-hf", L)) if kind == "argmax" else None
        tg, pg = t * f * mult / 1e9, p * f * mult / 1e9
        print(f"{L:>6} {kind:>8} {t:>16,.0f} {p:>15,.0f} {t / p:>6.2f} {tg:>8.1f} ({100 * tg * 1e9 / peak:4.1f}%)"
              f" {pg:>7.1f} ({100 * pg * 1e9 / peak:4.1f}%) {full or float('nan'):>13,.0f} {hf or float('nan'):>9,.0f}")
print("ratio = traitlab / pytorch rows/s (same algorithm); 'pytorch full' runs the last layer at every"
      " position; 'hf' is transformers' LlamaForCausalLM (logits_to_keep=1) on the same directory")
PY
