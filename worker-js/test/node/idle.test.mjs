// A tab never closes its store (the page just goes away), so an open store that has had no call
// for a short while (handles.js: IDLE_DELAY_MS) lets its engine checkpoint when that is worth it.
// Afterwards the file holds no log, so opening it as it is (a reload) replays nothing. A small log
// is not worth it, and polling stats() does not count as use.

import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { openFileStore } from "cojson-storage-opfs/node";
import { tempDir, waitUntil } from "./helpers.mjs";
import { writeCoValue } from "./rows.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("an idle store checkpoints a long log, and its file then opens with no log to replay", async () => {
  const dir = tempDir("idle");
  const path = join(dir, "idle.db");
  const store = openFileStore({ path });
  for (let i = 0; i < 60; i++) {
    writeCoValue(store.client, `co_zIdle${i}`, 20);
  }
  const before = store.stats();
  assert.ok(before.logBytes >= 32 << 10, `the log holds ${before.logBytes} bytes, enough to be worth a checkpoint`);
  await waitUntil(() => store.stats().logBytes === 0, "the idle checkpoint", 10000);
  const after = store.stats();
  assert.ok(after.checkpoints > before.checkpoints, "it checkpointed");
  assert.equal(after.fileBytes, after.pageCount * after.pageSize, "the file is cut to its page space");

  // A reload: the file as the tab left it, opened by another store.
  const copy = join(dir, "reloaded.db");
  copyFileSync(path, copy);
  const reloaded = openFileStore({ path: copy });
  assert.equal(reloaded.stats().logBytes, 0);
  assert.equal(reloaded.client.getCoValue("co_zIdle59").id, "co_zIdle59");
  reloaded.close();
  store.close();
});

test("an idle store with a small log does not checkpoint, and polling stats() is not use", async () => {
  const dir = tempDir("idle-small");
  const store = openFileStore({ path: join(dir, "small.db") });
  writeCoValue(store.client, "co_zSmall", 3);
  const before = store.stats();
  assert.ok(before.logBytes > 0 && before.logBytes < 32 << 10);
  for (let i = 0; i < 30; i++) {
    await sleep(10);
    store.stats();
  }
  assert.equal(store.stats().checkpoints, before.checkpoints, "one small commit is not worth a checkpoint");
  store.close();
});
