// Every entry of the installed package's "exports" imports at run time under Node and exports
// what its declarations in types/ promise. An entry added to package.json without a row here fails.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const EXPECTED = {
  ".": ["getOpfsStorage", "isInWorker", "openOpfsClient", "preloadOpfsStorage", "supportsOpfs"],
  "./worker": ["migrateFromIndexedDB", "openOpfsStore"],
  "./memory": ["openMemoryStore"],
  "./node": ["openFileStore"],
  "./jazz": ["configureOpfsStorage", "getIndexedDBStorage", "internal_setDatabaseName"],
  "./react-native": ["fromExpoFileHandle", "openFileStore", "openMemoryStore", "salvageFileStore"],
  "./preload": ["preloadOpfsStorage"],
};

// The manifest is not an export of its own: found from the main entry, src/entries/index.js.
const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.resolve("cojson-storage-opfs")), "utf8"));

test("every entry of the package imports and exports the functions its declarations name", async () => {
  const entries = Object.keys(manifest.exports).filter((entry) => !entry.includes("*"));
  assert.deepEqual(entries.sort(), Object.keys(EXPECTED).sort());
  for (const entry of entries) {
    const module = await import(`cojson-storage-opfs${entry.slice(1)}`);
    for (const name of EXPECTED[entry]) {
      assert.equal(typeof module[name], "function", `${entry} exports ${name}`);
    }
  }
});
