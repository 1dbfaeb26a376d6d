#!/usr/bin/env bash
# End-to-end: the packaged agent runs on loopback; a live scrape must pass `promtool check
# metrics` in both exposition formats; `lookout once` must exit 1 (one target fails on purpose);
# SIGTERM must stop the agent with exit 0 within 10 s.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
jar=agent/target/lookout.jar
log=$(mktemp)
# A queue stats endpoint on loopback, serving the RabbitMQ and Flower fixtures of the tests.
(cd agent/src/test/resources/queue && exec python3 -m http.server 19466 --bind 127.0.0.1) >/dev/null 2>&1 &
stats_pid=$!
java -jar "$jar" run -c .ci/e2e.yaml >"$log" 2>&1 &
pid=$!
trap 'kill $pid $stats_pid 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  curl -sf http://127.0.0.1:19464/readyz >/dev/null && break
  sleep 0.1
done
curl -sf http://127.0.0.1:19464/readyz >/dev/null || { echo "agent never became ready"; cat "$log"; exit 1; }

# Wait until both targets have been probed at least twice.
for _ in $(seq 1 100); do
  n=$(curl -s http://127.0.0.1:19464/metrics | awk '/^lookout_probe_duration_seconds_count/ {s+=$2} END {print s+0}')
  [ "${n%.*}" -ge 8 ] && break
  sleep 0.1
done

scrape=$(mktemp)
curl -sf http://127.0.0.1:19464/metrics >"$scrape"
promtool check metrics <"$scrape"
grep -q '^lookout_probe_success{env="ci",target="self",type="http"} 1.0' "$scrape"
grep -q '^lookout_probe_success{env="ci",target="nothing-listens",type="http"} 0.0' "$scrape"
grep -q '^lookout_probe_latency_seconds{env="ci",target="self",quantile="0.95"}' "$scrape"
grep -q '^lookout_queue_depth{env="ci",target="jobs"} 1520.0' "$scrape"
grep -q '^lookout_queue_consumers{env="ci",target="jobs"} 3.0' "$scrape"
grep -q '^lookout_queue_depth{env="ci",target="celery"} 155.0' "$scrape"
grep -q '^lookout_probe_success{env="ci",target="celery",type="queue"} 1.0' "$scrape"
curl -sf http://127.0.0.1:19464/api/status | grep -q 'backlog 1520 messages, expected below 1000'
curl -sf -H 'Accept: application/openmetrics-text; version=1.0.0' http://127.0.0.1:19464/metrics >"$scrape"
tail -n 1 "$scrape" | grep -qx '# EOF'
curl -sf http://127.0.0.1:19464/api/status | grep -Eq '"message" *: *"connect to 127.0.0.1:19465 refused"'
echo "e2e: live scrape passes promtool; status and findings as expected"

code=0
java -jar "$jar" once -c .ci/e2e.yaml || code=$?
[ "$code" -eq 1 ] || { echo "lookout once exited $code, expected 1"; exit 1; }
java -jar "$jar" check -c config-examples/marketplace.yaml

start=$(date +%s)
kill -TERM $pid
code=0
wait $pid || code=$?
trap - EXIT
kill $stats_pid 2>/dev/null || true
[ "$code" -eq 0 ] || { echo "agent exited $code on SIGTERM"; cat "$log"; exit 1; }
[ $(( $(date +%s) - start )) -le 10 ] || { echo "agent took more than 10 s to stop"; exit 1; }
echo "e2e: once exits 1 on a failing target, SIGTERM stops the agent cleanly"
