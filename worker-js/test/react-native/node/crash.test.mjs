// The engine's crash enumeration through the Expo adapter, on real files: a workload runs through
// a fake Expo FileHandle (Expo's documented semantics: no flush, no truncate, a write past the end
// lands at the end) over a real file, and the process "dies" at every write call in turn: that
// write lands whole, or torn (a prefix), and nothing after it reaches the file. Then the file is
// reopened with a fresh handle and must hold every acknowledged commit, exactly a prefix of the
// commits, and pass verify(). The workload closes and reopens in the middle, so the file keeps the
// tail a truncate would have cut, and has gap writes (zero fills) among its write calls.
//
// Expo's handle writes through to the OS and never fsyncs, so what a process crash leaves is what
// this models: every write that returned, and a prefix of the one in progress. (A power cut may
// lose or reorder writes the OS held: not modelled, not promised; see the README.)

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fromExpoFileHandle, openFileStore } from "cojson-storage-opfs/react-native";
import { fakeExpoFileHandle } from "../shared/fakeExpoFileHandle.js";
import { fdBackend, nativeFile } from "./fdBackend.mjs";
import { commit, committed } from "./workload.mjs";

const COMMITS_BEFORE_REOPEN = 30;
const COMMITS_AFTER_REOPEN = 25;

class Crash extends Error {}

/**
 * Runs the workload on `path`, dying at write call `crashAt` (1-based; Infinity: never) after
 * `cutOf(bytes)` of its bytes. Returns { writes, creationWrites, acknowledged, zeroFills, appendsPastEnd }:
 * `creationWrites` are the write calls that created the empty store.
 */
function runWorkload(path, durability, crashAt, cutOf) {
  let writes = 0;
  let dead = false;
  let acknowledged = 0;
  const stats = { zeroFills: 0, truncatesKept: 0, checkpoints: 0, appendsPastEnd: 0, creationWrites: undefined };
  const count = (store) => {
    const { appFile, checkpoints } = store.stats();
    stats.zeroFills += appFile.zeroFills;
    stats.truncatesKept += appFile.truncatesKept;
    stats.checkpoints += checkpoints;
  };
  const open = () => {
    const backend = fdBackend(path);
    const dying = {
      read: (at, n) => { if (dead) throw new Crash("dead"); return backend.read(at, n); },
      write: (at, bytes) => backend.write(at, bytes),
      size: () => { if (dead) throw new Crash("dead"); return backend.size(); },
      close: () => backend.close(),
    };
    const handle = fakeExpoFileHandle(dying, {
      beforeWrite(at, bytes) {
        if (dead) return 0;
        writes++;
        if (writes === crashAt) {
          dead = true;
          return cutOf(bytes.length);
        }
        return undefined;
      },
    });
    return { handle, store: openFileStore({ file: fromExpoFileHandle(handle), durability, appState: null, flushEveryMs: 0 }) };
  };
  let current;
  try {
    current = open();
    stats.creationWrites = writes;
    let i = 0;
    for (; i < COMMITS_BEFORE_REOPEN; i++) {
      commit(current.store.client, i);
      if (durability === "durable") acknowledged = i + 1;
      else if (i % 4 === 3) { current.store.flush(); acknowledged = i + 1; }
    }
    count(current.store);
    current.store.close();
    acknowledged = i;
    stats.appendsPastEnd += current.handle.calls.appendsPastEnd;
    stats.sizeAfterFirstClose = statSync(path).size;
    current = open();
    for (; i < COMMITS_BEFORE_REOPEN + COMMITS_AFTER_REOPEN; i++) {
      commit(current.store.client, i);
      if (durability === "durable") acknowledged = i + 1;
      else if (i % 4 === 3) { current.store.flush(); acknowledged = i + 1; }
    }
    count(current.store);
    current.store.close();
    acknowledged = i;
    stats.appendsPastEnd += current.handle.calls.appendsPastEnd;
  } catch (error) {
    if (!dead) throw error;
    // The process died here: the store is abandoned as it was (its file descriptor stays open,
    // as the OS would have closed it).
  }
  return { writes, acknowledged, ...stats };
}

/** The size the first phase's close leaves with a file that can truncate (relaxed: no flush between). */
function trimmedSizeAfterFirstClose(durability) {
  return inTempDir((path) => {
    const store = openFileStore({ file: nativeFile(path), durability, appState: null, flushEveryMs: 0 });
    for (let i = 0; i < COMMITS_BEFORE_REOPEN; i++) commit(store.client, i);
    store.close();
    return statSync(path).size;
  });
}

/** Reopens `path` after a crash and checks it; returns the number of commits it holds. */
function reopenAndCheck(path) {
  const store = openFileStore({ file: fromExpoFileHandle(fakeExpoFileHandle(fdBackend(path))), durability: "durable" });
  try {
    store.verify();
    return committed(store.client);
  } finally {
    store.close();
  }
}

const CUTS = {
  "the whole write": (n) => n,
  "one byte of it": (n) => Math.min(1, n),
  "half of it": (n) => Math.floor(n / 2),
  "all but its last byte": (n) => Math.max(0, n - 1),
};

/** Crashes at each write call in `from..to` with every cut; returns the number of crashes checked. */
function enumerate(path, durability, clean, from, to) {
  let runs = 0;
  for (let crashAt = from; crashAt <= to; crashAt++) {
    for (const [cutName, cutOf] of Object.entries(CUTS)) {
      writeFileSync(path, "");
      const run = runWorkload(path, durability, crashAt, cutOf);
      let held;
      try {
        held = reopenAndCheck(path);
      } catch (error) {
        throw new Error(`crash at write ${crashAt} of ${clean.writes} (${cutName}): reopen failed: ${error.message}`, { cause: error });
      }
      assert.ok(held >= run.acknowledged, `crash at write ${crashAt} (${cutName}): ${held} commits held, ${run.acknowledged} acknowledged`);
      runs++;
    }
  }
  return runs;
}

function inTempDir(body) {
  const dir = mkdtempSync(join(process.cwd(), "target", "crash-"));
  try {
    const path = join(dir, "store.db");
    writeFileSync(path, "");
    return body(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const durability of ["durable", "relaxed"]) {
  test(`a crash at any write call after creation, whole or torn, loses no acknowledged commit and leaves a prefix of them (${durability})`,
    () => inTempDir((path) => {
      const clean = runWorkload(path, durability, Infinity, () => 0);
      assert.equal(clean.acknowledged, COMMITS_BEFORE_REOPEN + COMMITS_AFTER_REOPEN);
      assert.equal(reopenAndCheck(path), clean.acknowledged);
      assert.ok(clean.zeroFills > 0, "the workload has gap writes");
      assert.equal(clean.appendsPastEnd, 0, "no write ever went past the end of the file");
      assert.ok(clean.sizeAfterFirstClose > trimmedSizeAfterFirstClose(durability),
        "the first close would have cut the file (the reopen finds the tail a truncate would have cut)");
      const runs = enumerate(path, durability, clean, clean.creationWrites + 1, clean.writes);
      console.log(`# ${durability}: ${clean.writes} write calls (${clean.creationWrites} creating the store, ${clean.zeroFills} zero fills,`
        + ` ${clean.checkpoints} checkpoints before the closes);`
        + ` ${runs} crashes after creation, each reopened and checked`);
    }));
}

// Creation writes header slot 1, flushes, then slot 0: a crash at any of its writes, whole or torn,
// leaves a file that opens as a new store (or as the created one), never CORRUPT.
test("a crash while a new store is being created leaves a file that opens, holding no commit it did not acknowledge",
  () => inTempDir((path) => {
    const clean = runWorkload(path, "durable", Infinity, () => 0);
    assert.ok(clean.creationWrites >= 2, `creation takes ${clean.creationWrites} write calls`);
    const runs = enumerate(path, "durable", clean, 1, clean.creationWrites);
    console.log(`# creation: ${clean.creationWrites} write calls, ${runs} crashes inside it, each reopened and checked`);
  }));
