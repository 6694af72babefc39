#!/usr/bin/env bash
# Side-by-side wall time of the subliminal-learning MLP experiment, whole command each (JVM or
# Python start, data loading, teachers, students, evaluation): traitlab (`traitlab run
# subliminal-mlp`, all seeds as one batched computation) against two PyTorch eager peers on the
# same data, seeds, epochs, sizes, optimiser and arms: peer.py (one model after another) and
# peer_batched.py (all seeds' models stacked, [models, in, out] weights and bmm, as the paper
# trained its models). The three alternate over REPETITIONS; prints each time, the median ratio of
# traitlab to the faster peer (by median time), and each side's accuracies (means over seeds), so
# one can see they compute the same experiment (same initial weights per seed in both peers;
# shuffles, cross inits and noise draws differ between sides, so accuracies agree in
# distribution, not digit for digit).
#
# Usage: bench/subliminal-mlp/run.sh [SEEDS] [REPETITIONS] [EPOCHS] [THREADS]
# Defaults: 10 seeds, 3 repetitions, 1 epoch, 2 threads: the measurement of issue 15 (10 seeds,
# 1 epoch, whole command). The experiment's own default is the paper's 5 epochs: pass EPOCHS=5.
# Python: the newest torch (scripts/env.sh traitlab_bench_python: .hf-venv, else Debian's);
# TRAITLAB_BENCH_PYTHON=/usr/bin/python3 runs the peers in Debian's torch instead.
# TRAITLAB_JAVA_OPTS is passed on to traitlab (e.g. -Dtraitlab.mlp=djl: train through DJL autograd).
# Data: TRAITLAB_BENCH_DATA (default /usr/share/datasets/fashion-mnist).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../scripts/env.sh
. "$ROOT/scripts/env.sh"
SEEDS="${1:-10}"
REPS="${2:-3}"
EPOCHS="${3:-1}"
THREADS="${4:-2}"
for v in "$SEEDS" "$REPS" "$EPOCHS" "$THREADS"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "bench: arguments must be positive integers, got '$v'" >&2; exit 2; }
done
DATA="${TRAITLAB_BENCH_DATA:-/usr/share/datasets/fashion-mnist}"
OUT="$ROOT/bench/out/subliminal-mlp"
mkdir -p "$OUT"

traitlab_bench_python "$ROOT" || exit 1
PYTHON="$BENCH_PY"
[ -d "$DATA" ] || { echo "bench: no data at $DATA: apt-get install dataset-fashion-mnist" >&2; exit 1; }
# traitlab runs through ./traitlab (MKL dispatching by instruction set on AMD processors,
# scripts/env.sh); the peers as installed unless TRAITLAB_BENCH_PEER_MKL=isa.
traitlab_bench_mkl "$ROOT" || exit 2
echo "== peers: PyTorch $BENCH_TORCH ($PYTHON), $THREADS threads each side"
echo "== $SEEDS seeds, $EPOCHS epoch(s), $REPS repetitions"

# Build once outside the timings.
"$ROOT/traitlab" --version >/dev/null

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {print b - a}'; }
echo "== load while benchmarking (other processes skew timings):"
uptime
declare -a T_TRAITLAB T_SEQ T_BAT
for rep in $(seq 1 "$REPS"); do
  rm -rf "$OUT/runs-$rep"
  t0=$(now)
  TRAITLAB_JAVA_OPTS="${TRAITLAB_JAVA_OPTS:-} -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1" \
    "$ROOT/traitlab" run subliminal-mlp --seeds "$SEEDS" \
    --epochs "$EPOCHS" --data "$DATA" --runs-dir "$OUT/runs-$rep" --fresh \
    >"$OUT/traitlab-$rep.log" 2>&1
  t1=$(now)
  "${PEER_MKL_PREFIX[@]}" "$PYTHON" "$HERE/peer.py" --seeds "$SEEDS" --epochs "$EPOCHS" --data "$DATA" \
    --threads "$THREADS" >"$OUT/sequential-$rep.json"
  t2=$(now)
  "${PEER_MKL_PREFIX[@]}" "$PYTHON" "$HERE/peer_batched.py" --seeds "$SEEDS" --epochs "$EPOCHS" --data "$DATA" \
    --threads "$THREADS" >"$OUT/batched-$rep.json"
  t3=$(now)
  T_TRAITLAB+=("$(elapsed "$t0" "$t1")")
  T_SEQ+=("$(elapsed "$t1" "$t2")")
  T_BAT+=("$(elapsed "$t2" "$t3")")
  awk -v r="$rep" -v a="${T_TRAITLAB[-1]}" -v b="${T_SEQ[-1]}" -v c="${T_BAT[-1]}" \
    'BEGIN {printf "rep %d: traitlab %.1f s, pytorch sequential %.1f s, pytorch batched %.1f s\n", r, a, b, c}'
done
uptime

"$PYTHON" - "$OUT" "$REPS" "${T_TRAITLAB[*]}" "${T_SEQ[*]}" "${T_BAT[*]}" "$SEEDS" "$EPOCHS" <<'PY'
import glob, json, statistics, sys
out, reps = sys.argv[1], int(sys.argv[2])
times = {name: [float(x) for x in arg.split()]
         for name, arg in zip(("traitlab", "sequential", "batched"), sys.argv[3:6])}
seeds, epochs = int(sys.argv[6]), int(sys.argv[7])
med = {k: statistics.median(v) for k, v in times.items()}
faster = min(("sequential", "batched"), key=med.get)
ratios = [t / p for t, p in zip(times["traitlab"], times[faster])]
print(f"median wall time: traitlab {med['traitlab']:.1f} s, pytorch sequential {med['sequential']:.1f} s,"
      f" pytorch batched {med['batched']:.1f} s")
print(f"ratio traitlab/faster peer ({faster}): {med['traitlab'] / med[faster]:.3f} of medians"
      f" (per repetition: median {statistics.median(ratios):.3f}, min {min(ratios):.3f}, max {max(ratios):.3f})")

# The matmul work of the experiment at its default sizes (784-256-256-13, 60,000 training images,
# 60,000 noise inputs, 10,000 test images), to read achieved FLOP/s against bench/matmul: a
# forward is 2 x (multiply-adds) per row; training adds the backward (2 x forward) less the
# first layer's input gradient, which nothing needs.
widths, train, noise, test = (784, 256, 256, 13), 60000, 60000, 10000
fwd = sum(2 * a * b for a, b in zip(widths, widths[1:]))
step = 3 * fwd - 2 * widths[0] * widths[1]
work = epochs * (seeds * train * step + 3 * seeds * noise * step + seeds * noise * fwd) + 4 * seeds * test * fwd
print(f"matmul work {work / 1e12:.2f} TFLOP (float32); achieved over the whole command: "
      + ", ".join(f"{k} {work / med[k] / 1e9:.0f} GFLOP/s" for k in ("traitlab", "sequential", "batched"))
      + " (bench/matmul gives the machine's limit)")

arms = ["teacher", "aux_same_init", "aux_cross_init", "all_same_init"]


def line(name, values):
    return f"{name:<20} " + "  ".join(f"{k} {v:.4f}" for k, v in zip(arms, values))


print(f"accuracies (test set, mean over seeds, repetition {reps}):")
results = glob.glob(f"{out}/runs-{reps}/**/results.json", recursive=True)
if results:
    summary = json.load(open(results[0]))["summary"]
    keys = ["teacher", "student_aux_same_init", "student_aux_cross_init", "student_all_same_init"]
    print(line("traitlab", [summary[k]["mean"] for k in keys]))
else:
    print(f"traitlab             (no results.json under {out}/runs-{reps}: see {out}/traitlab-{reps}.log)")
for name in ("sequential", "batched"):
    peer = json.load(open(f"{out}/{name}-{reps}.json"))
    print(line(f"pytorch {name}", [statistics.mean(r[k] for r in peer["per_seed"]) for k in arms]))
PY
