// The JS face of an open engine store: plain arrays and objects instead of the JSON texts the
// engine returns (each call crosses into the engine once), and argument checks that give
// INVALID_ARGUMENT errors instead of failures deep inside the engine.

import { storeError } from "./engines.js";

/**
 * Wraps the engine's store. Keys and values are strings, stored as UTF-8; scans return entries
 * in UTF-8 byte order as [key, value] arrays.
 */
export function wrapStore(engineStore) {
  return {
    /** Starts a write batch: { put, delete, get, commit, rollback }. */
    begin() {
      const batch = engineStore.begin();
      return {
        put(key, value) { batch.put(text(key, "key"), text(value, "value")); },
        delete(key) { batch.delete(text(key, "key")); },
        get(key) { return batch.get(text(key, "key")); },
        commit() { batch.commit(); },
        rollback() { batch.rollback(); },
      };
    },
    get(key) { return engineStore.get(text(key, "key")); },
    /** Entries with from <= key < to; a missing bound is unbounded. */
    scan(from = null, to = null) {
      return JSON.parse(engineStore.scan(optionalText(from, "from"), optionalText(to, "to")));
    },
    scanPrefix(prefix) { return JSON.parse(engineStore.scanPrefix(text(prefix, "prefix"))); },
    /** Counters, and `engine`: "wasm-gc" or "js". */
    stats() { return JSON.parse(engineStore.stats()); },
    verify() { engineStore.verify(); },
    close() { engineStore.close(); },
  };
}

function text(value, what) {
  if (typeof value !== "string") {
    throw storeError("INVALID_ARGUMENT", `${what} must be a string, got ${typeof value}`);
  }
  return value;
}

function optionalText(value, what) {
  return value === null || value === undefined ? null : text(value, what);
}
