// `npx cojson-storage-opfs dump FILE`: the package's bin prints a store file's structure and its
// cojson tables from the JS build, reading the file without changing it.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { openFileStore } from "cojson-storage-opfs/node";
import { tempDir } from "./helpers.mjs";
import { writeCoValue } from "./rows.mjs";

const BIN = join(process.cwd(), "node_modules", ".bin", "cojson-storage-opfs");

function dump(...args) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
}

test("dump prints the header slots, tree, log and cojson tables of a store file, and leaves it as it was", () => {
  const path = join(tempDir("dump"), "s.db");
  const store = openFileStore({ path });
  writeCoValue(store.client, "co_zDumped", 3);
  store.close();
  const before = readFileSync(path);

  const { status, stdout, stderr } = dump("dump", path);
  assert.equal(status, 0, stderr);
  for (const line of [
    `file: ${before.length} bytes`,
    "header slot 0 (byte 0): valid, read version 3, write version 3",
    "header slot 1 (byte 4096): valid",
    "watermark copy 0 (byte 2048)",
    "tree (root page",
    "checksum ok",
    "read-only open:",
    "verify() ok",
    "cojson tables (key layout version 1, not recorded):",
    "co_zDumped  rowID 1  header {",
    "transactions ('t'):",
  ]) {
    assert.ok(stdout.includes(line), `the dump lacks "${line}":\n${stdout}`);
  }
  assert.deepEqual(readFileSync(path), before, "the dump changed the file");
});

test("dump without a file prints its usage; a missing file fails with a message", () => {
  const usage = dump("dump");
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage: cojson-storage-opfs dump FILE/);
  const missing = dump("dump", join(tempDir("dump-missing"), "absent.db"));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot dump .*absent\.db/);
});
