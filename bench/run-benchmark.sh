#!/usr/bin/env bash
# Builds Lookout and its distribution and runs the benchmark: the distribution's launcher and the
# plain java -jar, each in its own process, against loopback targets (a canned one, and nginx when
# it is installed), and blackbox_exporter on the same targets, alone and driven by Prometheus, when
# they are installed (apt-get install nginx prometheus-blackbox-exporter prometheus). Prints
# numbers; asserts nothing.
# Usage: bench/run-benchmark.sh [seconds-per-phase]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q -pl agent test-compile
cpfile=$(mktemp)
mvn -B -q -pl agent dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp=$(cat "$cpfile")
# BENCH_JVM: the JVM flags of the tuned-jar agent (-Dbench.agents=tuned-jar), space-separated.
java ${BENCH_JAVA_OPTS:-} ${BENCH_JVM:+"-Dbench.jvm=$BENCH_JVM"} -Dbench.seconds="${1:-20}" -cp "agent/target/test-classes:$cp" dev.lookout.bench.Benchmark agent/target/lookout.jar
# The status page and /api/status with 5,000 targets (in process; see bench/run-status-benchmark.sh).
java ${BENCH_JAVA_OPTS:-} -cp "agent/target/test-classes:agent/target/classes:$cp" dev.lookout.bench.StatusPageBenchmark
# The same, cold: the first request after start, with the distribution's launcher (ColdStatusBenchmark).
java ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=agent/src/test/resources/logback-test.xml -cp "agent/target/test-classes:$cp" dev.lookout.bench.ColdStatusBenchmark
# The alert storm at 10,000 targets: time from the outage to the grouped notification naming every
# target, /healthz latency meanwhile, and peak RSS (the 2,000-target variant is a CI test).
python3 bench/storm.py "${BENCH_STORM_TARGETS:-10000}"
# The http probe's phases next to curl's for the same request (nginx when installed).
bench/run-phase-benchmark.sh
