#!/usr/bin/env bash
# Requests/s through traitlab's OpenAI-compatible server and client at several concurrency levels.
# Usage: bench/serve/run.sh [REQUESTS]   (server and client share one JVM; see ServeThroughputBench)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../scripts/env.sh
. "$ROOT/scripts/env.sh"
traitlab_find_jdk || exit 1
cd "$ROOT"
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
traitlab_mkl_prefix "$ROOT" || exit 2
exec "${TRAITLAB_MKL_PREFIX[@]}" "$JAVA_HOME/bin/java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.traitlab.serve.ServeThroughputBench "$@"
