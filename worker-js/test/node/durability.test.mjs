// The `durability` option: "relaxed" really skips the flush per commit (the engine's flush counter
// stays put), flush() and close() make those commits durable, and every handle on one open store
// must ask for the same durability.

import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { openFileStore } from "cojson-storage-opfs/node";
import { openMemoryStore } from "cojson-storage-opfs/memory";
import { tempDir } from "./helpers.mjs";
import { HEADER, writeCoValue } from "./rows.mjs";

const COMMITS = 20;

function commitEach(store, prefix) {
  for (let i = 0; i < COMMITS; i++) {
    writeCoValue(store.client, `co_z${prefix}${i}`, 3);
  }
}

test("durable (the default) flushes every commit; relaxed flushes none until flush()", () => {
  const dir = tempDir("durability");
  const durable = openFileStore({ path: join(dir, "durable.db") });
  const relaxed = openFileStore({ path: join(dir, "relaxed.db"), durability: "relaxed" });
  const durableBefore = durable.stats().flushes;
  const relaxedBefore = relaxed.stats().flushes;

  commitEach(durable, "D");
  commitEach(relaxed, "R");

  // Each writeCoValue is two commits: the upsert and the transaction.
  assert.ok(durable.stats().flushes - durableBefore >= 2 * COMMITS, "a durable store flushes per commit");
  assert.equal(relaxed.stats().flushes, relaxedBefore, "a relaxed store has not flushed yet");
  relaxed.flush();
  assert.equal(relaxed.stats().flushes, relaxedBefore + 1, "flush() writes the pending commits with one flush");
  relaxed.flush();
  assert.equal(relaxed.stats().flushes, relaxedBefore + 1, "nothing pending: flush() does nothing");
  durable.flush();
  durable.close();
  relaxed.close();
});

test("relaxed commits are read back after close and reopen", () => {
  const path = join(tempDir("relaxed-reopen"), "s.db");
  const relaxed = openFileStore({ path, durability: "relaxed" });
  commitEach(relaxed, "R");
  relaxed.close();

  const reopened = openFileStore({ path });
  assert.equal(reopened.client.getCoValueCount(), COMMITS);
  assert.equal(reopened.client.getCoValue("co_zR7").rowID, 8);
  reopened.verify();
  reopened.close();
});

test("a relaxed memory store exports its pending commits", () => {
  const relaxed = openMemoryStore({ durability: "relaxed" });
  relaxed.client.upsertCoValue("co_zA", HEADER);
  const copy = openMemoryStore({ bytes: relaxed.exportBytes() });
  assert.equal(copy.client.getCoValue("co_zA").rowID, 1);
  copy.close();
  relaxed.close();
});

test("a second handle must ask for the store's durability; a wrong value is INVALID_ARGUMENT", () => {
  const path = join(tempDir("durability-shared"), "s.db");
  const first = openFileStore({ path, durability: "relaxed" });
  assert.throws(() => openFileStore({ path }), { code: "INVALID_ARGUMENT" });
  const second = openFileStore({ path, durability: "relaxed" });
  assert.equal(second.stats().handles, 2);
  second.close();
  first.close();
  assert.throws(() => openFileStore({ path, durability: "lazy" }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => openMemoryStore({ durability: true }), { code: "INVALID_ARGUMENT" });
});
