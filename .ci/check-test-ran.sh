#!/usr/bin/env bash
# Fails unless the named test class ran (not skipped) and passed in the last `mvn verify`:
# tests that need a Debian package skip themselves without it, and CI must not settle for that.
set -euo pipefail
cd "$(dirname "$0")/.."
for name in "$@"; do
  report=$(ls agent/target/surefire-reports/TEST-*."$name".xml 2>/dev/null | head -n 1)
  [ -n "$report" ] || { echo "$name did not run" >&2; exit 1; }
  grep -q 'skipped="0"' "$report" || { echo "$name was skipped" >&2; exit 1; }
  grep -q 'failures="0"' "$report" && grep -q 'errors="0"' "$report"
  echo "$name ran and passed"
done
