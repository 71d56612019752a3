#!/usr/bin/env bash
# The soak: a seeded random cojson workload on OPFS in headless Chromium and Firefox, with worker
# crashes and reopens, checking after each that every acknowledged write is there (test-web
# SoakTest; not in CI). --minutes is per browser; --browsers chromium (or firefox) runs one.
#   bash scripts/soak.sh [--minutes N] [--seed S] [--browsers chromium,firefox]
# Prints sessions, acknowledged operations, crashes survived, reopens and failures; exits non-zero
# on any failure. A failure prints its seed: rerun with --seed to replay the same choices.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=5
seed=0
browsers=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --browsers) browsers="$2"; shift 2 ;;
    *) echo "usage: bash scripts/soak.sh [--minutes N] [--seed S] [--browsers chromium,firefox]" >&2; exit 2 ;;
  esac
done

log="$(mktemp -t soak.XXXXXX.log)"
if mvn -B -ntp verify -pl test-web -am -Dnpm.test.skip=true \
    -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsoak.excludedGroups=none -Dgroups=soak -Dsoak.minutes="$minutes" -Dsoak.seed="$seed" ${browsers:+-Dbrowsers="$browsers"} >"$log" 2>&1; then
  status=0
else
  status=$?
fi
grep -E '^\[soak\]|Tests run:|BUILD' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "soak FAILED (exit $status); the whole log: $log"
fi
exit "$status"
