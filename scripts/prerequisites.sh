#!/usr/bin/env bash
# Installs from Debian's packages whatever the build needs and the machine lacks: a JDK 17+,
# Maven, Node.js with npm, and (unless --no-browser) Chromium and Firefox ESR for the browser tests.
# Everything else comes from the build itself: Maven dependencies from Maven Central,
# npm packages through `npm ci`.
set -euo pipefail

want_browser=1
[[ "${1:-}" == "--no-browser" ]] && want_browser=0

missing=()
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if (( want_browser )) && ! command -v chromium >/dev/null; then
  missing+=(chromium)
fi
if (( want_browser )) && ! command -v firefox-esr >/dev/null; then
  missing+=(firefox-esr)
fi

if (( ${#missing[@]} )); then
  echo "Installing from Debian's packages: ${missing[*]}"
  sudo=""
  (( EUID == 0 )) || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi
