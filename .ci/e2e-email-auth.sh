#!/usr/bin/env bash
# End-to-end check of the `email_auth` target type against a real DNS server from Debian
# (dnsmasq), on loopback only (127.0.0.1, a high port). Needs the built agent jar; installs
# dnsmasq-base with apt-get when it is missing.
#
#   LOOKOUT="java -jar agent/target/lookout.jar" .ci/e2e-email-auth.sh
#
# Cases: a clean domain (exit 0); SPF with +all (exit 1, exact finding); DMARC p=none with
# fail_on: warn (exit 1, exact finding).
set -euo pipefail
trap 'echo "$0: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."

LOOKOUT=${LOOKOUT:-"java -jar agent/target/lookout.jar"}
PORT=${DNS_PORT:-15354}
SERVER="127.0.0.1:${PORT}"
# RFC 8463 §A.2's example Ed25519 public key: 32 bytes, base64.
ED25519="11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="

. .ci/lib-dnsmasq.sh

# start_dns SPF DMARC: serve example.test's mail records on 127.0.0.1:$PORT, no upstream.
start_dns() {
  run_dnsmasq \
    --txt-record=example.test,"$1" \
    --txt-record=_dmarc.example.test,"$2" \
    --txt-record=s1._domainkey.example.test,"v=DKIM1; k=ed25519; p=$ED25519" \
    --mx-host=example.test,mx1.example.test,10 \
    --host-record=mx1.example.test,192.0.2.25
}

write_config() { # write_config FILE EXPECT_BLOCK
  cat >"$1" <<YAML
agent: {listen: 127.0.0.1:0, state_dir: $work/state}
targets:
  - name: mail
    timeout: 4s
    email_auth: {domain: example.test, dkim_selectors: [s1], resolvers: ["$SERVER"]}
$2
YAML
}

write_config "$work/mail.yaml" ""
write_config "$work/strict.yaml" "    expect: {fail_on: warn}"

start_dns "v=spf1 ip4:192.0.2.0/24 -all" "v=DMARC1; p=reject; rua=mailto:dmarc@example.test"
expect_once "$work/mail.yaml" 0
stop_dns

start_dns "v=spf1 ip4:192.0.2.0/24 +all" "v=DMARC1; p=reject; rua=mailto:dmarc@example.test"
expect_once "$work/mail.yaml" 1 "SPF fail: +all lets every server on the internet send as example.test"
stop_dns

start_dns "v=spf1 ip4:192.0.2.0/24 -all" "v=DMARC1; p=none; rua=mailto:dmarc@example.test"
expect_once "$work/mail.yaml" 0
expect_once "$work/strict.yaml" 1 "DMARC warn: p=none: receivers deliver mail that fails DMARC"

echo "email_auth end-to-end: ok"
