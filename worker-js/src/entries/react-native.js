// Entry `cojson-storage-opfs/react-native` (and the "react-native" export condition): the store on
// Hermes, in a file the app opens and hands in. The engine's JS build is imported statically, so
// Metro bundles it; nothing here or below uses top-level await, import(), node: modules or
// WebAssembly, which Hermes and Metro cannot take (test/react-native checks the module graph).

import "../cojson/useCojson.js";
import * as api from "../../dist/js/cojson-storage-opfs.js";
import { openShared } from "../cojson/handles.js";
import { memoryOpener } from "../cojson/memoryStores.js";
import { durability as durabilityOption, options } from "../cojson/options.js";
import { salvageResult } from "../cojson/salvage.js";
import { appFile, engineHandle, newCounters } from "../react-native/appFile.js";
import { fromExpoFileHandle } from "../react-native/expoFileHandle.js";
import { FLUSH_EVERY_MS, keepFlushed } from "../react-native/keepFlushed.js";
import { requireRuntime } from "../react-native/runtime.js";
import { storeError } from "../protocol/errors.js";

export { fromExpoFileHandle };

// App files open in a store: the engine must be its file's only writer.
const openFiles = new WeakSet();
const openMemory = memoryOpener(api);

/**
 * Opens (creating if empty) the store in `file`: an app file (see react-native/appFile.js), e.g.
 * fromExpoFileHandle(new File(Paths.document, "jazz.db").open()). Once the arguments pass their
 * checks the store owns the file: it closes it on close(), and when the open fails. Synchronous.
 *
 * `durability`: "relaxed" (the default on a phone): commits return at once and are flushed when
 * the app leaves the foreground (`appState`: react-native's AppState, or null where there is no app
 * lifecycle), every `flushEveryMs` (default 1000; 0: never) while any are pending, and on close();
 * a crash loses at most the commits since the last flush, never part of one. "durable": every commit
 * is written and flushed before it returns.
 */
export function openFileStore(opts) {
  const { file, durability, appState, flushEveryMs = FLUSH_EVERY_MS } = options(opts, "openFileStore");
  appFile(file);
  const mode = durability === undefined ? "relaxed" : durabilityOption(durability);
  if (mode === "relaxed" && appState === undefined) {
    throw storeError("INVALID_ARGUMENT",
      "relaxed durability (the default) needs appState: pass AppState from react-native, so that commits are flushed when the app leaves the foreground (or appState: null where there is no app lifecycle, or durability: \"durable\")");
  }
  if (appState !== undefined && appState !== null && typeof appState.addEventListener !== "function") {
    throw storeError("INVALID_ARGUMENT", "appState must be react-native's AppState (with addEventListener), or null");
  }
  if (typeof flushEveryMs !== "number" || !(flushEveryMs >= 0)) {
    throw storeError("INVALID_ARGUMENT", `flushEveryMs must be a number of milliseconds >= 0, got ${String(flushEveryMs)}`);
  }
  requireRuntime();
  if (openFiles.has(file)) {
    throw storeError("LOCKED", "this file is already open in a store; use that store, or close it first");
  }
  const counters = newCounters();
  // key null: each call opens its own store (an app file has no name to share it by).
  const store = openShared(null, () => api.openRowsFileWith(engineHandle(file, counters), "the app's file", mode),
    () => openFiles.delete(file), mode);
  openFiles.add(file);
  const stopFlushing = mode === "relaxed" ? keepFlushed(store, appState ?? null, flushEveryMs) : () => {};
  const { close, stats } = store;
  return Object.assign(store, {
    /** The engine's counters, and `appFile`: what the store did for what the file lacks. */
    stats() {
      return { ...stats(), appFile: { ...counters } };
    },
    /** Flushes what is pending, closes the store and the file. Closing twice is harmless. */
    close() {
      stopFlushing();
      close();
    },
  });
}

/**
 * A store in memory: empty, or on a copy of `bytes` (from exportBytes()). With a `name`, opening
 * that name again while it is open gives another handle on the same store. Synchronous.
 */
export function openMemoryStore(opts) {
  requireRuntime();
  return openMemory(opts);
}

/**
 * Read-only salvage of a damaged store's app file (when openFileStore throws CORRUPT):
 * { bytes, intact, damaged, report }, where `bytes` is a fresh store holding only the CoValues that
 * are provably complete (write them to a new file, or openMemoryStore({ bytes })). Never writes to
 * `file`; closes it when done.
 */
export function salvageFileStore(opts) {
  const { file } = options(opts, "salvageFileStore");
  appFile(file);
  requireRuntime();
  if (openFiles.has(file)) {
    throw storeError("LOCKED", "this file is open in a store; close it before salvaging");
  }
  return salvageResult(api.salvageRowsFile(engineHandle(file), "the app's file"));
}
