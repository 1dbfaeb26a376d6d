#!/usr/bin/env bash
# The files ops copy as they are: the systemd unit must be valid and hardened (exposure <= 2.0),
# and must not restart an invalid config,
# the Prometheus examples must load.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."

# verify also checks that ExecStart= exists: /opt/lookout/bin/lookout once the package is installed
# (.ci/e2e-package.sh), else the same unit pointed at the distribution the build made.
if [ -x /opt/lookout/bin/lookout ]; then
  systemd-analyze verify systemd/lookout.service
else
  dist=$(ls -d "$PWD"/agent/target/lookout-*/ | head -1)
  [ -x "$dist/bin/lookout" ] || { echo "no distribution in agent/target: run mvn -B verify first"; exit 1; }
  unit_dir=$(mktemp -d)
  trap 'rm -rf "$unit_dir"' EXIT
  sed "s#/opt/lookout/#$dist#g" systemd/lookout.service >"$unit_dir/lookout.service"
  systemd-analyze verify "$unit_dir/lookout.service"
fi
grep -qx 'RestartPreventExitStatus=2' systemd/lookout.service \
  || { echo "the unit must not restart an invalid config (RestartPreventExitStatus=2)"; exit 1; }
exposure=$(systemd-analyze security --offline=true systemd/lookout.service 2>/dev/null | sed -n 's/.*Overall exposure level for lookout.service: \([0-9.]*\).*/\1/p')
echo "systemd exposure: $exposure"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' || { echo "systemd unit exposure $exposure is above 2.0"; exit 1; }

promtool check config config-examples/prometheus/prometheus.yml

# Prometheus rules: valid, unit-tested rule by rule, and naming only metrics the README documents.
rules=(config-examples/prometheus/lookout-rules.yml config-examples/prometheus/lookout-target-rules.yml)
promtool check rules "${rules[@]}"
promtool test rules config-examples/prometheus/tests/*.test.yml
for m in $(grep -ho 'lookout_[a-z_]*' "${rules[@]}" | sed -E 's/_(bucket|count|sum)$//' | sort -u); do
  grep -q "\`$m[{\`]" README.md || { echo "rules use $m, which README.md does not document"; exit 1; }
done
echo "ops files: systemd unit and Prometheus examples are valid"
