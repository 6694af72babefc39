#!/usr/bin/env bash
# DPO throughput of traitlab (nn.train.DpoTrainer through model.tuning.EmbeddedTuner) against TRL's
# DPOTrainer (peer.py; needs .hf-venv: scripts/hf-interop-env installs trl) on the same model
# directory, the same preference file (toy-world arithmetic, OpenAI's preference JSONL) and the
# same settings: full fine-tuning, float32, batch B pairs, N steps, beta 0.1, sigmoid loss, AdamW
# at LR with linear decay, no warm-up, weight decay 0, clipping 1, reference log-probabilities
# precomputed, T threads each. Prints both sides and the ratio of optimisation steps/s.
# Usage: bench/dpo/run.sh [model=DIR] [steps=N] [batch=B] [beta=X] [lr=Y] [threads=T]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../scripts/env.sh
. "$ROOT/scripts/env.sh"
traitlab_find_jdk || exit 1
traitlab_require_maven || exit 1
MODEL="${TRAITLAB_MODELS:-$ROOT/models}/base"
STEPS=32
BATCH=8
BETA=0.1
LR=1e-4
THREADS=2
for kv in "$@"; do
  case "$kv" in
    model=*) MODEL="${kv#model=}" ;;
    steps=*) STEPS="${kv#steps=}" ;;
    batch=*) BATCH="${kv#batch=}" ;;
    beta=*) BETA="${kv#beta=}" ;;
    lr=*) LR="${kv#lr=}" ;;
    threads=*) THREADS="${kv#threads=}" ;;
    *) echo "unknown argument $kv" >&2; exit 2 ;;
  esac
done
if [ ! -f "$MODEL/config.json" ]; then
  echo "no model at $MODEL (run ./traitlab demo, or give model=DIR)" >&2
  exit 2
fi
# The peer needs TRL and transformers, which only the helper environment has: .hf-venv (built by
# scripts/hf-interop-env from the local wheelhouse, the newest torch), or TRAITLAB_BENCH_PYTHON
# naming another Python that has them (traitlab_bench_python's choice, without Debian's fallback).
PY="${TRAITLAB_BENCH_PYTHON:-$ROOT/.hf-venv/bin/python}"
cd "$ROOT"
mvn -B -q -o -DskipTests -Dspotless.check.skip=true compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
traitlab_bench_mkl "$ROOT" || exit 2
JAVA=("${TRAITLAB_MKL_PREFIX[@]}" "$JAVA_HOME/bin/java" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  --enable-native-access=ALL-UNNAMED -Dai.djl.pytorch.num_threads="$THREADS"
  -Dai.djl.pytorch.num_interop_threads=1 -cp "target/classes:$(cat target/classpath.txt)")
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
DATA="$WORK/prefs.jsonl"
"${JAVA[@]}" dev.traitlab.model.tuning.DpoBench write out="$DATA" pairs=$((STEPS * BATCH)) seed=0

echo "== load while benchmarking (other processes skew timings):"
uptime
T="$WORK/traitlab.txt"
P="$WORK/trl.txt"
"${JAVA[@]}" dev.traitlab.model.tuning.DpoBench train model="$MODEL" data="$DATA" \
  steps="$STEPS" batch="$BATCH" beta="$BETA" lr="$LR" 2>/dev/null | tee "$T"
if ! "$PY" -c 'import trl, transformers, torch' 2>/dev/null; then
  echo "peer missing: $PY cannot import trl, transformers and torch (the peer needs .hf-venv with"
  echo "  TRL: run scripts/hf-interop-env, or set TRAITLAB_BENCH_PYTHON to a Python that has them)"
  exit 0
fi
echo "== peer: TRL $("$PY" -c 'import trl; print(trl.__version__)'), PyTorch $("$PY" -c 'import torch; print(torch.__version__)') ($PY)"
"${PEER_MKL_PREFIX[@]}" "$PY" bench/dpo/peer.py --model "$MODEL" --data "$DATA" --steps "$STEPS" --batch "$BATCH" \
  --beta "$BETA" --lr "$LR" --threads "$THREADS" | tee "$P"
t=$(sed -nE 's/^traitlab dpo: .* = ([0-9.]+) steps\/s.*/\1/p' "$T")
p=$(sed -nE 's/^trl dpo: .* = ([0-9.]+) steps\/s.*/\1/p' "$P")
echo "== summary ($THREADS threads each, $STEPS steps of $BATCH pairs)"
awk -v t="$t" -v p="$p" -v b="$BATCH" 'BEGIN { printf "traitlab %.3f steps/s (%.1f pairs/s)  trl %.3f steps/s (%.1f pairs/s)  ratio traitlab/trl %.2f\n", t, t * b, p, p * b, t / p }'
