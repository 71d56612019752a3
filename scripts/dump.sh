#!/usr/bin/env bash
# Prints the structure of a cojson-storage-opfs store file (header slots, log watermark, tree by
# level, free list, log frames, checksums verified, the cojson tables), on the JVM. Never writes
# to the file. The same dump from the JS build of the engine: npx cojson-storage-opfs dump FILE
#   bash scripts/dump.sh FILE
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: bash scripts/dump.sh FILE" >&2
  exit 2
fi
file="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")/.."
mvn -B -ntp -q -Dstyle.color=never -pl core test-compile exec:java -Dexec.mainClass=cojson.storage.opfs.tools.DumpCommand \
  "-Dexec.args=$file"
