#!/usr/bin/env bash
# Times the first /api/status and / after start, then 50 more of each, with 5,000 loopback targets
# (override with BENCH_TARGETS / BENCH_REQUESTS / BENCH_RUNS), against the distribution's launcher
# (agent/target/lookout-<version>/bin/lookout run, its tuned JVM flags), one fresh agent process
# per endpoint. Then the in-process breakdown (collecting, rendering, encoding; warmed, default
# JVM flags). Prints numbers; asserts nothing.
# Usage: bench/run-status-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q -pl agent test-compile
cpfile=$(mktemp)
mvn -B -q -pl agent dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp=$(cat "$cpfile")
props=(-Dbench.targets="${BENCH_TARGETS:-5000}" -Dbench.requests="${BENCH_REQUESTS:-50}"
  -Dlogback.configurationFile=agent/src/test/resources/logback-test.xml)
dist=$(ls -d agent/target/lookout-*/ | head -1)
java ${BENCH_JAVA_OPTS:-} "${props[@]}" -Dbench.runs="${BENCH_RUNS:-1}" \
  -cp "agent/target/test-classes:$cp" dev.lookout.bench.ColdStatusBenchmark "$dist"
java ${BENCH_JAVA_OPTS:-} "${props[@]}" \
  -cp "agent/target/test-classes:agent/target/classes:$cp" dev.lookout.bench.StatusPageBenchmark
