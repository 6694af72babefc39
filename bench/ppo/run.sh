#!/usr/bin/env bash
# PPO steps per second: traitlab's token-level PPO (rl.lm.LmPpoTrainer) against TRL's PPO step in
# PyTorch eager (peer.py; TRL 1.13, the wheelhouse's version, no longer ships a PPO trainer, so the
# peer writes out the step of trl/experimental/ppo at f2cd577) on the same model directory, the
# same prompts and the same settings (64 rollouts, 4 epochs x 4 minibatches, 16 new tokens at
# temperature 1, 2 threads). The ratio is printed. Usage: bench/ppo/run.sh [MODEL_DIR]
# (default: $TRAITLAB_MODELS/base or models/base). Needs .hf-venv (scripts/hf-interop-env) for the
# peer. Differences in work, said so the ratio is read right: TRL's value and reward models are
# separate transformers (a forward and backward more per minibatch, and a clipped value loss);
# traitlab's value head shares the policy's trunk.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../scripts/env.sh
. "$ROOT/scripts/env.sh"
traitlab_find_jdk || exit 1
traitlab_require_maven || exit 1
MODEL="${1:-${TRAITLAB_MODELS:-$ROOT/models}/base}"
THREADS=2
BATCH=64 MINIBATCHES=4 EPOCHS=4 RESPONSE=16 STEPS=4
cd "$ROOT"
mvn -B -q -o -DskipTests -Dspotless.check.skip=true compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
EOS=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['eos_token_id'])" "$MODEL/config.json")
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
echo "== load while benchmarking (other processes skew timings):"
uptime
traitlab_bench_mkl "$ROOT" || exit 2
"${TRAITLAB_MKL_PREFIX[@]}" "$JAVA_HOME/bin/java" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  --enable-native-access=ALL-UNNAMED -Dai.djl.pytorch.num_threads="$THREADS" \
  -Dai.djl.pytorch.num_interop_threads=1 -cp "target/classes:$(cat target/classpath.txt)" \
  dev.traitlab.rl.lm.LmPpoBench model="$MODEL" batch=$BATCH minibatches=$MINIBATCHES \
  epochs=$EPOCHS response=$RESPONSE steps=$STEPS eos="$EOS" prompts="$OUT/prompts.txt" \
  | tee "$OUT/traitlab.txt"
# The peer needs transformers, which only the helper environment has: .hf-venv (built by
# scripts/hf-interop-env from the local wheelhouse, the newest torch), or TRAITLAB_BENCH_PYTHON
# naming another Python that has it (traitlab_bench_python's choice, without Debian's fallback).
PY="${TRAITLAB_BENCH_PYTHON:-.hf-venv/bin/python}"
if ! "$PY" -c 'import transformers, torch' 2>/dev/null; then
  echo "peer missing: $PY cannot import transformers and torch (the peer needs .hf-venv: run"
  echo "  scripts/hf-interop-env, or set TRAITLAB_BENCH_PYTHON to a Python that has them)"
  exit 0
fi
echo "== peer: PyTorch $("$PY" -c 'import torch; print(torch.__version__)'), transformers $("$PY" -c 'import transformers; print(transformers.__version__)') ($PY)"
"${PEER_MKL_PREFIX[@]}" "$PY" bench/ppo/peer.py --model "$MODEL" --prompts "$OUT/prompts.txt" \
  --batch $BATCH --minibatches $MINIBATCHES --epochs $EPOCHS --response $RESPONSE \
  --steps $STEPS --eos "$EOS" --threads $THREADS | tee "$OUT/peer.txt"
ours=$(sed -n 's/^traitlab: \([0-9.]*\) PPO.*/\1/p' "$OUT/traitlab.txt")
theirs=$(sed -n 's/.*eager: \([0-9.]*\) PPO.*/\1/p' "$OUT/peer.txt")
python3 -c "print(f'ratio traitlab / TRL-style peer: {$ours / $theirs:.2f}x PPO steps/s')"
