# Sourced by ./traitlab, ./test and bench scripts: picks a JDK >= 22 (the foreign-function API) and Maven flags.
# Prints nothing on success; on failure says what to install and returns 1.

traitlab_java_major() {
  # "openjdk version "25.0.1" ..." or "java version "21" ..." -> 25 / 21
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

traitlab_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(traitlab_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 22 ]; then
      return 0
    fi
  fi
  local best="" best_major=0
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(traitlab_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 22 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "traitlab: no JDK >= 22 found (set JAVA_HOME or install one, e.g. 'apt-get install openjdk-25-jdk')" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

traitlab_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "traitlab: Maven is missing (install it with 'apt-get install maven')" >&2
    return 1
  fi
}

# The Python for a bench's PyTorch peer: $TRAITLAB_BENCH_PYTHON if set (e.g. /usr/bin/python3 for
# Debian's older torch), else the helper environment (.hf-venv, built by scripts/hf-interop-env from
# the local wheelhouse: the newest torch), else /usr/bin/python3. Sets BENCH_PY and BENCH_TORCH
# (the torch version); says what to install and returns 1 when none has torch.
traitlab_bench_python() {
  local root="$1" candidate
  for candidate in "${TRAITLAB_BENCH_PYTHON:-}" "$root/.hf-venv/bin/python" /usr/bin/python3; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if BENCH_TORCH=$("$candidate" -c 'import torch; print(torch.__version__)' 2>/dev/null); then
      BENCH_PY="$candidate"
      export BENCH_PY BENCH_TORCH
      return 0
    fi
    if [ -n "${TRAITLAB_BENCH_PYTHON:-}" ] && [ "$candidate" = "$TRAITLAB_BENCH_PYTHON" ]; then
      echo "bench: TRAITLAB_BENCH_PYTHON=$candidate has no torch" >&2
      return 1
    fi
  done
  echo "bench: no Python with torch: run scripts/hf-interop-env (local wheelhouse), or apt-get install python3-torch" >&2
  return 1
}

# glibc's malloc gives freed blocks above its mmap threshold back to the kernel and maps fresh
# pages for the next tensor, so a training step page-faults and zeroes its large activations
# anew every time (about 7% of a transformer step under perf, in libtorch and in PyTorch alike).
# Keeping freed memory in the heap for reuse made bench/transformer's training about 9% and its
# sampling about 10% faster. Settings the user already exported are left alone.
traitlab_malloc_env() {
  export MALLOC_MMAP_MAX_="${MALLOC_MMAP_MAX_:-0}"
  export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"
  export MALLOC_TOP_PAD_="${MALLOC_TOP_PAD_:-268435456}"
}
