// Open stores of this JS realm and the handles on them. Opening a name or path that is already
// open gives another handle on the same engine store (the file allows one owner); the store and
// its file close with the last handle, and a later open reads the file back.

import { storeError } from "../storeError.js";
import { createAsyncClient } from "./asyncClient.js";
import { createSyncClient } from "./syncClient.js";

const openStores = new Map();
// Each handle's accessor of its engine row store, for the package's own modules that need more
// than cojson's client (the migration records its completion in the store's meta table).
const engineRowsOfHandle = new WeakMap();

/**
 * A handle on the store under `key` (null: never shared), opening it with `openRows()` (which
 * returns the engine's row store) when it is not open yet. `afterLastClose` runs once the store
 * has closed with its last handle (a Node store releases its lock file there). `durability` is
 * the one `openRows()` opens with: a second open of the same store must ask for the same one.
 */
export function openShared(key, openRows, afterLastClose = () => {}, durability = "durable") {
  let entry = key === null ? undefined : openStores.get(key);
  if (entry !== undefined && entry.durability !== durability) {
    throw storeError("INVALID_ARGUMENT",
      `this store is already open with durability "${entry.durability}"; open it with the same durability, or close it first`);
  }
  if (entry === undefined) {
    entry = { key, rows: openRows(), handles: 0, afterLastClose, durability };
    if (key !== null) {
      openStores.set(key, entry);
    }
  }
  entry.handles++;
  return createHandle(entry);
}

/** Whether a store is open under `key` in this realm. */
export function isOpen(key) {
  return openStores.has(key);
}

/** The engine row store behind a handle of this module (throws CLOSED once closed), or undefined. */
export function engineRows(handle) {
  return engineRowsOfHandle.get(handle)?.();
}

function createHandle(entry) {
  let closed = false;
  const rows = () => {
    if (closed) {
      throw storeError("CLOSED", "this store handle is closed; open the store again to use it");
    }
    return entry.rows;
  };
  const client = createSyncClient(rows);
  const handle = {
    /** cojson's DBClientInterfaceSync: new StorageApiSync(store.client). */
    client,
    /** cojson's DBClientInterfaceAsync: new StorageApiAsync(store.asyncClient). */
    asyncClient: createAsyncClient(rows, client),
    /** The engine's counters; `engine` says which build runs ("wasm-gc" or "js"). */
    stats() {
      return { ...JSON.parse(rows().stats()), handles: entry.handles };
    },
    /** Checks the file's integrity; throws CORRUPT naming the first damage. */
    verify() {
      rows().verify();
    },
    /**
     * Makes every commit so far durable. Under durability "relaxed" writes and flushes the commits
     * held in memory; under "durable" every commit already is, and it does nothing.
     */
    flush() {
      rows().flush();
    },
    /** A copy of the store's file bytes: openMemoryStore({ bytes }) opens the same rows. */
    exportBytes() {
      return rows().exportBytes();
    },
    /** Releases this handle; the last one closes the store and its file. Closing twice is harmless. */
    close() {
      if (closed) {
        return;
      }
      closed = true;
      entry.handles--;
      if (entry.handles === 0) {
        if (entry.key !== null) {
          openStores.delete(entry.key);
        }
        try {
          entry.rows.close();
        } finally {
          entry.afterLastClose();
        }
      }
    },
  };
  engineRowsOfHandle.set(handle, rows);
  return handle;
}
