#!/usr/bin/env bash
# End-to-end check of the alertmanager notifier against Debian's real Alertmanager, on 127.0.0.1
# only. Meant as a step of .ci/run (after the build):
#   apt-get install -y --no-install-recommends prometheus-alertmanager
#   notes/e2e-alertmanager.sh
# AlertmanagerEndToEndTest starts /usr/bin/prometheus-alertmanager on a free loopback port (cluster
# gossip disabled, its own storage dir), runs an agent whose target goes down (503): the alert must
# be listed by GET /api/v2/alerts with labels alertname/target/severity + the agent's labels; the
# target recovers: the alert must end. Without the binary the test is skipped, so this script
# insists that it really ran.
set -euo pipefail
cd "$(dirname "$0")/.."
test -x /usr/bin/prometheus-alertmanager || {
  echo "prometheus-alertmanager is not installed (apt-get install -y prometheus-alertmanager)" >&2
  exit 1
}
mvn -B -q test -pl agent -Dtest=AlertmanagerEndToEndTest -Dsurefire.failIfNoSpecifiedTests=false
report=agent/target/surefire-reports/TEST-dev.lookout.runtime.AlertmanagerEndToEndTest.xml
grep -q 'skipped="0"' "$report" || { echo "the Alertmanager end-to-end test was skipped" >&2; exit 1; }
grep -q 'failures="0"' "$report" && grep -q 'errors="0"' "$report"
echo "alertmanager end-to-end: ok"
