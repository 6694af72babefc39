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

# MKL (linked into libtorch) picks its code path by the processor's vendor: on AMD processors it
# takes a generic path instead of the AVX2 / AVX-512 paths the processor supports; on an AMD EPYC
# (Zen 3) the AVX2 path ran the training step's products 12-50% faster (bench/README.md). The
# shim src/main/c/mkl_intel_cpu.c, preloaded, lets MKL dispatch by instruction set alone. Built
# with cc into target/native on first use; used on AMD processors only. TRAITLAB_MKL_DISPATCH=mkl
# keeps MKL's own choice, as do a machine without cc and a checkout whose path has a space or a
# colon. Sets TRAITLAB_MKL_PRELOAD to the library (empty when not used): callers put it in the
# LD_PRELOAD of traitlab's JVM (its child processes, git say, inherit a library they never call),
# never of a peer's process.
traitlab_mkl_dispatch() {
  local root="$1" src lib
  TRAITLAB_MKL_PRELOAD=""
  case "${TRAITLAB_MKL_DISPATCH:-isa}" in
    mkl) return 0 ;;
    isa) ;;
    *)
      echo "traitlab: TRAITLAB_MKL_DISPATCH must be 'isa' (default) or 'mkl', got '$TRAITLAB_MKL_DISPATCH'" >&2
      return 1
      ;;
  esac
  grep -q -m1 'AuthenticAMD' /proc/cpuinfo 2>/dev/null || return 0
  # The dynamic loader splits LD_PRELOAD at spaces and colons, with no escaping.
  case "$root" in *[[:space:]:]*) return 0 ;; esac
  src="$root/src/main/c/mkl_intel_cpu.c"
  lib="$root/target/native/libtraitlab-mkl-intel-cpu.so"
  if [ ! -f "$lib" ] || [ "$src" -nt "$lib" ]; then
    # No C compiler: MKL keeps its own choice (the run's provenance says which was in force).
    command -v cc >/dev/null 2>&1 || return 0
    mkdir -p "$root/target/native"
    # A file of this process's own, so that two launches building at once cannot mix their output.
    cc -shared -fPIC -O2 -o "$lib.$$.tmp" "$src" 2>/dev/null && mv -f "$lib.$$.tmp" "$lib" || {
      rm -f "$lib.$$.tmp"
      return 0
    }
  fi
  TRAITLAB_MKL_PRELOAD="$lib"
}

# Sets the array TRAITLAB_MKL_PREFIX to the command prefix that runs a program (traitlab's JVM)
# with traitlab_mkl_dispatch's choice: (env LD_PRELOAD=...) or () when MKL keeps its own.
traitlab_mkl_prefix() {
  traitlab_mkl_dispatch "$1" || return 1
  TRAITLAB_MKL_PREFIX=()
  if [ -n "$TRAITLAB_MKL_PRELOAD" ]; then
    TRAITLAB_MKL_PREFIX=(env "LD_PRELOAD=$TRAITLAB_MKL_PRELOAD${LD_PRELOAD:+:$LD_PRELOAD}")
  fi
}

# For a bench: sets TRAITLAB_MKL_PREFIX (traitlab's side) and PEER_MKL_PREFIX (the peer's: empty,
# so the peer runs as installed, unless TRAITLAB_BENCH_PEER_MKL=isa gives it the same shim: torch's
# wheel carries MKL too, and this shows how much of a ratio is MKL's code path), and says which.
traitlab_bench_mkl() {
  traitlab_mkl_prefix "$1" || return 1
  PEER_MKL_PREFIX=()
  case "${TRAITLAB_BENCH_PEER_MKL:-}" in
    "") ;;
    isa) PEER_MKL_PREFIX=("${TRAITLAB_MKL_PREFIX[@]}") ;;
    *)
      echo "bench: TRAITLAB_BENCH_PEER_MKL must be 'isa' or unset, got '$TRAITLAB_BENCH_PEER_MKL'" >&2
      return 1
      ;;
  esac
  local t="MKL's own" p="MKL's own"
  [ ${#TRAITLAB_MKL_PREFIX[@]} -gt 0 ] && t="by instruction set (traitlab's shim preloaded)"
  [ ${#PEER_MKL_PREFIX[@]} -gt 0 ] && p="by instruction set (traitlab's shim preloaded)"
  echo "== MKL dispatch: traitlab $t; peer $p"
}
