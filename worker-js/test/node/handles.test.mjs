// Handles: in one process, opening a path or a memory name that is open gives another handle on
// the same store; the store closes with the last handle; reopening reads the file back. And the
// build the entries chose is the one this Node version should run.

import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { openFileStore } from "cojson-storage-opfs/node";
import { openMemoryStore } from "cojson-storage-opfs/memory";
import { expectedEngine, tempDir } from "./helpers.mjs";
import { HEADER, writeCoValue } from "./rows.mjs";

test(`the node and memory entries run the ${expectedEngine} build on Node ${process.version}`, () => {
  const memory = openMemoryStore();
  const file = openFileStore({ path: join(tempDir("engine"), "s.db") });
  assert.equal(memory.stats().engine, expectedEngine);
  assert.equal(file.stats().engine, expectedEngine);
  memory.close();
  file.close();
});

test("a path opened twice gives two handles on one store that closes with the last handle", () => {
  const path = join(tempDir("handles"), "s.db");
  const first = openFileStore({ path });
  const second = openFileStore({ path: join(path, "..", "s.db") });
  assert.equal(first.stats().handles, 2);
  first.client.upsertCoValue("co_zA", HEADER);
  assert.equal(second.client.getCoValue("co_zA").rowID, 1);
  first.close();
  assert.throws(() => first.client.getCoValue("co_zA"), { code: "CLOSED" });
  assert.equal(second.client.upsertCoValue("co_zB", HEADER), 2, "the other handle still writes");
  assert.equal(second.stats().handles, 1);
  second.close();

  const reopened = openFileStore({ path });
  assert.deepEqual(reopened.client.getCoValueIDs(10, 0), [{ id: "co_zA" }, { id: "co_zB" }]);
  assert.equal(reopened.client.upsertCoValue("co_zC", HEADER), 3, "rowIDs are never reused across reopening");
  reopened.verify();
  reopened.close();
});

test("a named memory store is shared while open; unnamed ones are separate", () => {
  const a = openMemoryStore({ name: "shared" });
  const b = openMemoryStore({ name: "shared" });
  const lone = openMemoryStore();
  a.client.upsertCoValue("co_zA", HEADER);
  assert.equal(b.client.getCoValue("co_zA").id, "co_zA");
  assert.equal(lone.client.getCoValue("co_zA"), undefined);
  assert.throws(() => openMemoryStore({ name: "shared", bytes: a.exportBytes() }), { code: "LOCKED" });
  a.close();
  b.close();
  lone.close();
  assert.equal(openMemoryStore({ name: "shared" }).client.getCoValue("co_zA"), undefined,
    "a memory store is gone with its last handle");
});

test("a store's exported bytes open as a memory store with the same rows, also from an ArrayBuffer", () => {
  const file = openFileStore({ path: join(tempDir("export"), "s.db") });
  const { coValue, ses } = writeCoValue(file.client, "co_zA", 5);
  const bytes = file.exportBytes();
  assert.ok(bytes instanceof Uint8Array);
  for (const source of [bytes, bytes.slice().buffer]) {
    const memory = openMemoryStore({ bytes: source });
    assert.deepEqual(memory.client.getCoValueSessions(coValue), file.client.getCoValueSessions(coValue));
    assert.deepEqual(memory.client.getNewTransactionInSession(ses, 0, 9), file.client.getNewTransactionInSession(ses, 0, 9));
    memory.verify();
    memory.close();
  }
  file.close();
});
