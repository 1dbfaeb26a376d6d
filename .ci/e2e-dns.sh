#!/usr/bin/env bash
# End-to-end check of the `dns` target type against a real DNS server from Debian (dnsmasq),
# on loopback only (127.0.0.1, a high port). Needs the built agent jar; installs dnsmasq-base
# with apt-get when it is missing.
#
#   LOOKOUT="java -jar agent/target/lookout.jar" .ci/e2e-dns.sh
#
# Cases: declared records match (exit 0); declared records drift (exit 1, exact finding);
# baseline learned (exit 0), a DNS change is drift (exit 1), accepted with `lookout dns-accept`
# (exit 0), then healthy again (exit 0).
set -euo pipefail
trap 'echo "$0: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."

LOOKOUT=${LOOKOUT:-"java -jar agent/target/lookout.jar"}
PORT=${DNS_PORT:-15353}
SERVER="127.0.0.1:${PORT}"

. .ci/lib-dnsmasq.sh

# start_dns A_ADDRESS: serve example.test (A, MX, TXT) on 127.0.0.1:$PORT, nothing else, no upstream.
start_dns() {
  run_dnsmasq \
    --host-record=example.test,"$1" \
    --mx-host=example.test,mx1.example.test,10 \
    --txt-record=example.test,"v=spf1 -all"
}

write_config() { # write_config FILE EXPECT_BLOCK_OR_BASELINE
  cat >"$1" <<YAML
agent: {listen: 127.0.0.1:0, state_dir: $work/state}
targets:
  - name: apex-dns
    dns: {name: example.test, resolvers: ["$SERVER"], types: [A, MX, TXT], timeout: 1s, retries: 0$2}
$3
YAML
}

start_dns 203.0.113.10

write_config "$work/match.yaml" "" \
  '    expect: {A: [203.0.113.10], MX: ["10 MX1.example.test"], TXT: ["v=spf1 -all"]}'
expect_once "$work/match.yaml" 0

write_config "$work/drift.yaml" "" \
  '    expect: {A: [203.0.113.99], MX: ["10 mx1.example.test."], TXT: ["v=spf1 -all"]}'
expect_once "$work/drift.yaml" 1 \
  "A example.test: missing 203.0.113.99, unexpected 203.0.113.10 (from $SERVER)"

write_config "$work/baseline.yaml" ", baseline: true" ""
expect_once "$work/baseline.yaml" 0
test -s "$work/state/dns-baselines/apex-dns.json"

stop_dns
start_dns 198.51.100.7
expect_once "$work/baseline.yaml" 1 \
  "A example.test: missing 203.0.113.10, unexpected 198.51.100.7 (from $SERVER)"
$LOOKOUT dns-accept -c "$work/baseline.yaml" apex-dns | tee "$work/accept.txt"
grep -qF "A: now 198.51.100.7 (was 203.0.113.10)" "$work/accept.txt"
expect_once "$work/baseline.yaml" 0

echo "dns end-to-end: ok"
