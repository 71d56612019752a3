#!/usr/bin/env node
// The package's command line. `npx cojson-storage-opfs dump FILE` prints the structure of a store
// file: header slots, log watermark, the tree by level, free list, log frames with every checksum
// verified, what a read-only open makes of it, and the cojson tables in readable form. It runs the
// JS build of the engine (any Node >= 20) and opens the file read-only: it never writes.
// The same dump on the JVM: bash scripts/dump.sh FILE (in the repository).

import * as fs from "node:fs";

const USAGE = "usage: cojson-storage-opfs dump FILE    (prints a store file's structure; never writes)";
const [command, file, ...rest] = process.argv.slice(2);
if (command !== "dump" || file === undefined || rest.length > 0) {
  console.error(USAGE);
  process.exit(2);
}

const { JsDump } = await import(new URL("../dist/js/cojson-storage-opfs.js", import.meta.url).href);
let fd;
try {
  fd = fs.openSync(file, "r");
  process.stdout.write(JsDump.dumpNodeFile(fs, fd, file));
} catch (error) {
  console.error(`cannot dump ${file}: ${error?.message ?? error}`);
  process.exitCode = 1;
} finally {
  if (fd !== undefined) {
    fs.closeSync(fd);
  }
}
