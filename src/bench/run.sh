#!/usr/bin/env bash
# Builds the hub and the bench, then runs one benchmark scenario against its targets (by default the bare
# Vert.x ceiling and the hub; for `cluster` one hub node and two nodes sharing Redis), and prints the
# comparison table (also written to target/bench/<scenario>.md).
#
#   src/bench/run.sh <scenario> [--option value ...]
#   src/bench/run.sh fanout
#   src/bench/run.sh fanout --connections 1000 --seconds 5 --saturation ""     (a quick check)
#   src/bench/run.sh            (lists the scenarios and their options)
#
# Placement: each server process (both nodes of a cluster) runs pinned with `taskset -c 0` (started by the
# bench), the generator with `taskset -c 1`; a cluster's Redis is the machine's running server, not pinned.
# Everything targets loopback addresses (127.0.0.1, sources 127.0.0.2-9).
set -euo pipefail

cd "$(dirname "$0")/../.."

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  # Offline first; the first build on a fresh machine downloads the bench plugins from Maven Central.
  mvn -q -B -o -Pbench -DskipTests package || mvn -q -B -Pbench -DskipTests package
fi

GENERATOR_CORE="${BENCH_GENERATOR_CORE:-1}"
GENERATOR_JVM="${BENCH_GENERATOR_JVM:--Xms1g -Xmx2g -XX:+UseParallelGC}"

# shellcheck disable=SC2086 # the JVM flags are a word list on purpose
exec taskset -c "$GENERATOR_CORE" java $GENERATOR_JVM -jar target/realtime-hub-bench.jar "$@"
