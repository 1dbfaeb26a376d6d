#!/usr/bin/env bash
# Times the status page (/) and /api/status of an in-process agent with 5,000 loopback targets
# (override with BENCH_TARGETS / BENCH_REQUESTS). Prints p50 / p99 / max per endpoint; asserts nothing.
# Usage: bench/run-status-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl agent test-compile
cpfile=$(mktemp)
mvn -B -q -pl agent dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp=$(cat "$cpfile")
java ${BENCH_JAVA_OPTS:-} -Dbench.targets="${BENCH_TARGETS:-5000}" -Dbench.requests="${BENCH_REQUESTS:-50}" \
  -Dlogback.configurationFile=agent/src/test/resources/logback-test.xml \
  -cp "agent/target/test-classes:agent/target/classes:$cp" dev.lookout.bench.StatusPageBenchmark
