// The Expo adapter and the app-file seam on Node over real files: the fake handle is faithful to
// Expo's documented semantics, a store through it survives reopening, gaps reach the file as zeros
// and never as a write past its end, a file without truncate keeps its length and still reopens,
// an app file with truncate and flush gets them, a full disk is QUOTA and the store goes on,
// relaxed durability flushes on the app leaving the foreground, on a timer and on close, and the
// argument and runtime checks say what to do.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fromExpoFileHandle, openFileStore, openMemoryStore, salvageFileStore } from "cojson-storage-opfs/react-native";
import { fakeExpoFileHandle } from "../shared/fakeExpoFileHandle.js";
import { fdBackend, nativeFile } from "./fdBackend.mjs";
import { commit, committed } from "./workload.mjs";

const dir = mkdtempSync(join(process.cwd(), "target", "adapter-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function newFile() {
  const path = join(dir, `store-${files++}.db`);
  writeFileSync(path, "");
  return path;
}

function expoFile(path, hooks) {
  const handle = fakeExpoFileHandle(fdBackend(path), hooks);
  return { handle, file: fromExpoFileHandle(handle) };
}

function fakeAppState() {
  const listeners = new Set();
  return {
    addEventListener(type, listener) {
      assert.equal(type, "change");
      listeners.add(listener);
      return { remove: () => listeners.delete(listener) };
    },
    set: (state) => [...listeners].forEach((listener) => listener(state)),
    get listeners() { return listeners.size; },
  };
}

describe("the fake Expo FileHandle", () => {
  test("behaves as Expo documents: reads and writes at the offset, and a write past the end lands at the end", () => {
    const path = newFile();
    const handle = fakeExpoFileHandle(fdBackend(path));
    handle.writeBytesSync(new Uint8Array([1, 2, 3]));
    assert.equal(handle.offset, 3);
    handle.offset = 10;
    handle.writeBytesSync(new Uint8Array([9]));
    assert.deepEqual([...readFileSync(path)], [1, 2, 3, 9], "not at offset 10: at the end");
    assert.equal(handle.calls.appendsPastEnd, 1);
    handle.offset = 1;
    assert.deepEqual([...handle.readBytesSync(10)], [2, 3, 9], "fewer bytes at the end");
    assert.deepEqual([...handle.readBytesSync(1)], [], "nothing past the end");
    handle.close();
    assert.equal(handle.size, null);
    assert.throws(() => handle.readBytesSync(1), /closed/);
  });
});

describe("a store through fromExpoFileHandle", () => {
  test("survives close and reopen; the store zero-fills the engine's gaps, so no write goes past the end of the file", () => {
    const path = newFile();
    const first = expoFile(path);
    const store = openFileStore({ file: first.file, durability: "durable" });
    for (let i = 0; i < 60; i++) commit(store.client, i);
    const { appFile, checkpoints, flushes } = store.stats();
    store.close();
    assert.ok(checkpoints >= 1, "a checkpoint grew the page space");
    assert.ok(appFile.zeroFills >= 1 && appFile.zeroFilledBytes > 0, JSON.stringify(appFile));
    assert.equal(first.handle.calls.appendsPastEnd, 0);
    assert.ok(flushes >= 60);
    assert.equal(appFile.flushesSkipped, flushes, "Expo's handle cannot flush: every flush of the engine was skipped");
    const again = openFileStore({ file: expoFile(path).file, durability: "durable" });
    again.verify();
    assert.equal(committed(again.client), 60);
    again.close();
  });

  test("without truncate the file keeps the tail a truncate would cut, and the store reopens from it again and again", () => {
    const withTruncate = newFile();
    const without = newFile();
    const native = nativeFile(withTruncate);
    const a = openFileStore({ file: native, durability: "durable" });
    const b = openFileStore({ file: expoFile(without).file, durability: "durable" });
    // 30 of these commits leave the log past the page space at close, which then trims it.
    for (let i = 0; i < 30; i++) {
      commit(a.client, i);
      commit(b.client, i);
    }
    a.close();
    b.close();
    assert.ok(native.calls.truncate >= 1, "close trims the log with ftruncate");
    assert.ok(statSync(without).size > statSync(withTruncate).size,
      `${statSync(without).size} bytes kept against ${statSync(withTruncate).size}`);
    for (let round = 0; round < 3; round++) {
      const store = openFileStore({ file: expoFile(without).file, durability: "durable" });
      store.verify();
      assert.equal(committed(store.client), 30 + round * 10);
      for (let i = 0; i < 10; i++) commit(store.client, 30 + round * 10 + i);
      store.close();
    }
  });

  test("an app file with truncate and flush gets an fsync per durable commit and none per relaxed one", () => {
    const native = nativeFile(newFile());
    const durable = openFileStore({ file: native, durability: "durable" });
    const before = durable.stats().flushes;
    for (let i = 0; i < 20; i++) commit(durable.client, i);
    const { flushes, commits, appFile } = durable.stats();
    assert.equal(appFile.flushesSkipped, 0);
    assert.ok(flushes - before >= 20 && commits >= 20);
    assert.equal(native.calls.flush, flushes, "every flush of the engine was an fsync");
    durable.close();
    const relaxedFile = nativeFile(newFile());
    const relaxed = openFileStore({ file: relaxedFile, appState: null, flushEveryMs: 0 });
    const start = relaxedFile.calls.flush;
    for (let i = 0; i < 20; i++) commit(relaxed.client, i);
    assert.equal(relaxedFile.calls.flush - start, 0);
    relaxed.flush();
    assert.equal(relaxedFile.calls.flush - start, 1);
    relaxed.close();
  });

  test("a full disk fails the commit with QUOTA, keeps it out, and the store goes on once there is room", () => {
    const path = newFile();
    let full = false;
    const { file } = expoFile(path, {
      beforeWrite() {
        if (full) throw new Error("Failed to write: No space left on device");
        return undefined;
      },
    });
    const store = openFileStore({ file, durability: "durable" });
    for (let i = 0; i < 10; i++) commit(store.client, i);
    full = true;
    assert.throws(() => commit(store.client, 10), (e) => e.code === "QUOTA" && /the app's file/.test(e.message));
    assert.equal(committed(store.client), 10);
    full = false;
    for (let i = 10; i < 20; i++) commit(store.client, i);
    store.close();
    const again = openFileStore({ file: expoFile(path).file, durability: "durable" });
    assert.equal(committed(again.client), 20);
    again.close();
  });

  test("salvageFileStore reads a damaged file without writing to it and finds the intact CoValues", () => {
    const path = newFile();
    const store = openFileStore({ file: expoFile(path).file, durability: "durable" });
    for (let i = 0; i < 60; i++) commit(store.client, i);
    store.close();
    const bytes = readFileSync(path);
    bytes.fill(0xee, 3 * 4096 + 100, 3 * 4096 + 200); // inside the page space
    writeFileSync(path, bytes);
    const damaged = openFileStore({ file: expoFile(path).file, durability: "durable" });
    assert.throws(() => damaged.verify(), (e) => e.code === "CORRUPT");
    damaged.close();
    writeFileSync(path, bytes);
    const { handle, file } = expoFile(path);
    const salvage = salvageFileStore({ file });
    assert.equal(handle.calls.writes, 0, "salvage never writes");
    assert.deepEqual(readFileSync(path), bytes);
    assert.equal(handle.size, null, "salvage closed the file");
    assert.ok(salvage.report.length > 0 && salvage.intact.length + salvage.damaged.length >= 5, JSON.stringify(salvage));
    const rescued = openMemoryStore({ bytes: salvage.bytes });
    rescued.verify();
    rescued.close();
  });
});

describe("relaxed durability, the phone's default", () => {
  test("flushes when the app leaves the foreground, and close() flushes and removes its listener", () => {
    const appState = fakeAppState();
    const store = openFileStore({ file: expoFile(newFile()).file, appState, flushEveryMs: 0 });
    assert.equal(appState.listeners, 1);
    for (let i = 0; i < 10; i++) commit(store.client, i);
    const pending = store.stats();
    assert.ok(pending.logBytes > 0);
    appState.set("active");
    assert.equal(store.stats().flushes, pending.flushes, "no flush while the app stays in the foreground");
    appState.set("inactive");
    assert.equal(store.stats().flushes, pending.flushes + 1, "flushed on leaving the foreground");
    appState.set("background");
    assert.equal(store.stats().flushes, pending.flushes + 1, "nothing pending, nothing flushed");
    store.close();
    assert.equal(appState.listeners, 0);
  });

  test("flushes pending commits within flushEveryMs while the app stays in the foreground", async () => {
    const path = newFile();
    const store = openFileStore({ file: expoFile(path).file, appState: fakeAppState(), flushEveryMs: 30 });
    for (let i = 0; i < 10; i++) commit(store.client, i);
    const before = store.stats().flushes;
    for (let waited = 0; store.stats().flushes === before && waited < 5000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(store.stats().flushes, before + 1);
    // What a crash now would find: a second handle on the file reads the flushed commits.
    const copy = join(dir, `copy-${files++}.db`);
    writeFileSync(copy, readFileSync(path));
    const reader = openFileStore({ file: expoFile(copy).file, durability: "durable" });
    assert.equal(committed(reader.client), 10);
    reader.close();
    store.close();
  });
});

describe("arguments and runtime", () => {
  test("say what to do: an Expo handle without the adapter, relaxed without appState, a file opened twice", () => {
    const path = newFile();
    const handle = fakeExpoFileHandle(fdBackend(path));
    assert.throws(() => openFileStore({ file: handle }), (e) => e.code === "INVALID_ARGUMENT" && /fromExpoFileHandle/.test(e.message));
    assert.throws(() => openFileStore({ file: {} }), (e) => e.code === "INVALID_ARGUMENT" && /read, write, size, close/.test(e.message));
    const file = fromExpoFileHandle(handle);
    assert.throws(() => openFileStore({ file }), (e) => e.code === "INVALID_ARGUMENT" && /AppState/.test(e.message));
    assert.throws(() => openFileStore({ file, durability: "sometimes" }), (e) => e.code === "INVALID_ARGUMENT");
    const store = openFileStore({ file, durability: "durable" });
    assert.throws(() => openFileStore({ file, durability: "durable" }), (e) => e.code === "LOCKED");
    store.close();
    assert.throws(() => fromExpoFileHandle({}), (e) => e.code === "INVALID_ARGUMENT" && /File\(Paths/.test(e.message));
  });

  test("a runtime without TextDecoder gets UNSUPPORTED_RUNTIME naming the polyfill to import", () => {
    const saved = globalThis.TextDecoder;
    delete globalThis.TextDecoder;
    try {
      assert.throws(() => openMemoryStore(), (e) => e.code === "UNSUPPORTED_RUNTIME" && /jazz-tools\/react-native\/polyfills/.test(e.message));
      assert.throws(() => openFileStore({ file: expoFile(newFile()).file, durability: "durable" }), (e) => e.code === "UNSUPPORTED_RUNTIME");
    } finally {
      globalThis.TextDecoder = saved;
    }
  });
});
