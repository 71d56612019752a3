#!/usr/bin/env bash
# The page-level benchmark (worker-js/bench/page/, docs/page-bench.md; BENCHMARKS.md P1–P6): a
# cojson app on the main thread, built by Vite once with cojson-storage-indexeddb and once with
# each package under test, every step a real reload in headless Chromium and Firefox. Installs
# what the machine lacks (Chromium, Firefox ESR), builds the package (unless --no-build), installs
# the bench's own npm packages, and runs it. A full run takes ~15 minutes per browser on 2 cores.
#   bash scripts/page-bench.sh [--quick] [--browser chromium|firefox|both] [--runs N] [--only P1,P4]
#                              [--ours [label=]path]... [--out dir] [--doc file|none] [--no-build]
# --ours takes a package folder (worker-js/ with dist/ built) or an `npm pack` tarball; repeat it
# with labels to compare builds side by side (e.g. --ours main=../main/worker-js --ours old=old.tgz).
# Exits non-zero when a step fails or the storages gave the app different data (checksums).
set -euo pipefail
# Paths given as options are relative to where the script was started.
export PAGE_BENCH_CWD="$PWD"
cd "$(dirname "$0")/.."

build=1
firefox=1
args=()
while (( $# )); do
  case "$1" in
    --no-build) build=0 ;;
    --browser)
      [[ "${2:-}" == "chromium" ]] && firefox=0
      args+=("$1" "${2:-}"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

bash scripts/prerequisites.sh
if (( firefox )) && [[ -z "${FIREFOX:-}" ]] && ! command -v firefox-esr >/dev/null; then
  echo "Installing from Debian's packages: firefox-esr"
  sudo=""
  (( EUID == 0 )) || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y firefox-esr
fi
if (( build )); then
  mvn -B -ntp -q -Dstyle.color=never -DskipTests -Dnpm.test.skip=true package -pl worker-js -am
fi
cd worker-js/bench/page
# npm install from the committed lock, not npm ci: see worker-js/bench/README.md.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
node run.mjs "${args[@]}"
