#!/usr/bin/env bash
# Builds the npm package (skipping tests) and the demo app, and serves it on http://127.0.0.1:$PORT/demo/
# (PORT defaults to 8080) until Ctrl-C. Open the printed URL in Chromium, Firefox or Safari.
#   --check   build, serve, check that the demo's files are served right, then stop.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/prerequisites.sh --no-browser
mvn -B -ntp -Dstyle.color=never -q package -pl worker-js -am -DskipTests
# The app and the package's storage worker import cojson, which a browser cannot load unbundled:
# install the demo's own tooling (cojson, esbuild; `npm install`, see worker-js/test/workerd/README.md)
# and bundle both.
if [[ ! -d worker-js/demo/node_modules/esbuild ]]; then
  (cd worker-js/demo && npm install --no-audit --no-fund --loglevel=error)
fi
node worker-js/demo/build.mjs

port="${PORT:-8080}"
if [[ "${1:-}" == "--check" ]]; then
  exec node worker-js/scripts/serve.mjs --port "$port" --check
fi
exec node worker-js/scripts/serve.mjs --port "$port"
