#!/usr/bin/env bash
# End-to-end, on loopback only, with Debian's real Prometheus and Alertmanager:
# - Prometheus scrapes the agent (target up) and can query a lookout_ series;
# - a target that is down produces an alert in Alertmanager;
# - SIGHUP with an added target makes it appear; SIGHUP with a broken file keeps the old targets
#   running and sets lookout_config_last_reload_successful to 0;
# - SIGTERM exits 0 within 10 s.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
jar=$PWD/agent/target/lookout.jar
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 $((limit * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for: $what" >&2
  return 1
}

cat >"$work/alertmanager.yml" <<'YAML'
route: {receiver: sink, group_wait: 1s, group_interval: 1s, repeat_interval: 1h}
receivers: [{name: sink}]
YAML
prometheus-alertmanager --config.file="$work/alertmanager.yml" --storage.path="$work/am" \
  --web.listen-address=127.0.0.1:19093 --cluster.listen-address= >"$work/am.log" 2>&1 &
pids+=($!)

cat >"$work/prometheus.yml" <<'YAML'
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: lookout
    static_configs: [{targets: ["127.0.0.1:19474"]}]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prom" \
  --web.listen-address=127.0.0.1:19090 >"$work/prom.log" 2>&1 &
pids+=($!)

config="$work/lookout.yaml"
cp .ci/e2e-ops.yaml "$config"
sed -i "s#./target/e2e-ops-state#$work/state#" "$config"
java -jar "$jar" run -c "$config" >"$work/agent.log" 2>&1 &
agent=$!
pids+=($agent)

wait_for 30 "agent ready" curl -sf http://127.0.0.1:19474/readyz
wait_for 30 "Prometheus scraping the agent" sh -c \
  'curl -s http://127.0.0.1:19090/api/v1/targets | grep -q "\"health\":\"up\""'
wait_for 30 "lookout_probe_success in Prometheus" sh -c \
  'curl -s "http://127.0.0.1:19090/api/v1/query?query=lookout_probe_success%7Btarget%3D%22down%22%7D" | grep -q "\"value\":\[[0-9.]*,\"0\"\]"'
echo "e2e-ops: Prometheus scrapes the agent and sees the failing target"

wait_for 30 "the alert for target down in Alertmanager" sh -c \
  'curl -s http://127.0.0.1:19093/api/v2/alerts | grep -q "\"target\":\"down\""'
echo "e2e-ops: the down target is an alert in Alertmanager"

cat >>"$config" <<'YAML'
  - name: added-by-reload
    http: {url: "http://127.0.0.1:19474/healthz"}
YAML
kill -HUP "$agent"
wait_for 15 "the added target in /api/status" sh -c \
  'curl -s http://127.0.0.1:19474/api/status | grep -Eq "\"name\" *: *\"added-by-reload\""'
echo "e2e-ops: SIGHUP applied an added target"

cp "$config" "$work/good.yaml"
printf 'targets:\n  - {name: broken, htp: {}}\n' >"$config"
kill -HUP "$agent"
wait_for 15 "reload metric at 0" sh -c \
  'curl -s http://127.0.0.1:19474/metrics | grep -q "^lookout_config_last_reload_successful{env=\"ci\"} 0.0"'
curl -s http://127.0.0.1:19474/api/status | grep -Eq '"name" *: *"added-by-reload"'
kill -0 "$agent"
echo "e2e-ops: a broken file is refused, the old targets keep running"

start=$(date +%s)
kill -TERM "$agent"
code=0
wait "$agent" || code=$?
[ "$code" -eq 0 ] || { echo "agent exited $code on SIGTERM" >&2; tail -20 "$work/agent.log" >&2; exit 1; }
[ $(( $(date +%s) - start )) -le 10 ] || { echo "agent took more than 10 s to stop" >&2; exit 1; }
echo "e2e-ops: SIGTERM stopped the agent with exit 0 in $(( $(date +%s) - start )) s"
