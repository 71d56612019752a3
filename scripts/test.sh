#!/usr/bin/env bash
# Runs every test: core's JUnit tests on the JVM, the three TeaVM builds, the npm package
# (npm ci), and the browser tests (Playwright in headless Chromium, HtmlUnit).
# Installs what the machine lacks first. Extra arguments go to Maven (e.g. -pl web -am).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/prerequisites.sh
start=$SECONDS
mvn -B -ntp -Dstyle.color=never verify "$@"
echo "All tests passed in $(( SECONDS - start )) s."
