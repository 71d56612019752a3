#!/usr/bin/env bash
# The side-by-side browser benchmark (worker-js/bench/, shared/docs/BENCHMARKS.md): installs what
# the machine lacks, builds the package (core, TeaVM builds, worker-js, no tests), installs the
# bench's own npm packages, and runs every peer in one headless Chromium. Not part of test.sh:
# a full run takes a quarter of an hour or more; --quick shrinks the workloads (< 3 min).
#   bash scripts/bench.sh [--quick] [--runs N] [--only W2,W4] [--peers opfs-wasm,sqlite]
# Exits non-zero when a peer fails or engines read back different data (checksum mismatch).
# `bash scripts/bench.sh --page [...]` runs the page-level benchmark instead (scripts/page-bench.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--page" ]]; then
  shift
  exec bash scripts/page-bench.sh "$@"
fi

bash scripts/prerequisites.sh
mvn -B -ntp -q -Dstyle.color=never -DskipTests -Dnpm.test.skip=true package -pl worker-js -am
cd worker-js/bench
# npm install from the committed lock, not npm ci: see worker-js/bench/README.md.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
node run.mjs "$@"
