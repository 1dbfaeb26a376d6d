#!/usr/bin/env bash
# The files ops copy as they are: the systemd unit must be valid and hardened (exposure <= 2.0),
# the Prometheus examples must load.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."

systemd-analyze verify systemd/lookout.service
exposure=$(systemd-analyze security --offline=true systemd/lookout.service 2>/dev/null | sed -n 's/.*Overall exposure level for lookout.service: \([0-9.]*\).*/\1/p')
echo "systemd exposure: $exposure"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' || { echo "systemd unit exposure $exposure is above 2.0"; exit 1; }

promtool check rules config-examples/prometheus/lookout-rules.yml
promtool check config config-examples/prometheus/prometheus.yml
echo "ops files: systemd unit and Prometheus examples are valid"
