// Open stores of this JS realm and the handles on them. Opening a name or path that is already
// open gives another handle on the same engine store (the file allows one owner); the store and
// its file close with the last handle, and a later open reads the file back.

import { storeError } from "../protocol/errors.js";
import { createAsyncClient } from "./asyncClient.js";
import { cojsonContext } from "./context.js";
import { createSyncClient } from "./syncClient.js";

const openStores = new Map();

// A store that has had no call for IDLE_DELAY_MS asks its engine whether a checkpoint is worth it
// (Store.idle: a log of 32 KiB or more, or more than 10% of its pages free) and lets it write one,
// compacting the file. A tab never closes its store (the page just goes away), so without this
// every reload replays the log written since the last checkpoint: up to half the page space.
// Why 100 ms: cojson's own bursts (a sync, an import, a user's typing) leave gaps of a few ms
// between calls, so 100 ms of quiet means the burst is over; a reload rarely comes that soon
// after the last write; and an idle call that finds nothing worth doing costs microseconds, one
// that checkpoints a few ms (pages written in runs, two flushes), so even a busy app spends
// little of its time there. A call that arrives meanwhile waits for it, as for any engine call.
export const IDLE_DELAY_MS = 100;

const now = typeof performance !== "undefined" && typeof performance.now === "function"
  ? () => performance.now() : () => Date.now();

/** Notes a call on the store; arms its idle timer if it is not armed (one timer, re-armed on expiry). */
function touch(entry) {
  entry.lastCall = now();
  if (entry.idleTimer === undefined && typeof entry.rows.idle === "function") {
    armIdle(entry, IDLE_DELAY_MS);
  }
}

function armIdle(entry, ms) {
  entry.idleTimer = setTimeout(() => {
    entry.idleTimer = undefined;
    if (entry.closed) {
      return;
    }
    const quiet = now() - entry.lastCall;
    if (quiet < IDLE_DELAY_MS) {
      armIdle(entry, IDLE_DELAY_MS - quiet);
      return;
    }
    try {
      entry.rows.idle();
    } catch {
      // A failed checkpoint loses nothing (the log keeps every commit) and the engine has
      // recovered in place; stats().checkpointFailures counts it, and the next call reports a
      // lasting failure itself.
    }
  }, ms);
  // In Node an idle timer must not keep the process alive.
  entry.idleTimer?.unref?.();
}
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
    entry = { key, rows: openRows(), handles: 0, afterLastClose, durability, lastCall: 0, idleTimer: undefined, closed: false };
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
  const open = () => {
    if (closed) {
      throw storeError("CLOSED", "this store handle is closed; open the store again to use it");
    }
    return entry.rows;
  };
  // Every call but stats() counts as use: a page polling its counters must not keep the store
  // from ever being idle.
  const rows = () => {
    const r = open();
    touch(entry);
    return r;
  };
  const client = createSyncClient(rows, cojsonContext);
  const handle = {
    /** cojson's DBClientInterfaceSync: new StorageApiSync(store.client). */
    client,
    /** cojson's DBClientInterfaceAsync: new StorageApiAsync(store.asyncClient). */
    asyncClient: createAsyncClient(rows, client, cojsonContext),
    /** The engine's counters; `engine` says which build runs ("wasm-gc" or "js"). */
    stats() {
      return { ...JSON.parse(open().stats()), handles: entry.handles };
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
        entry.closed = true;
        clearTimeout(entry.idleTimer);
        entry.idleTimer = undefined;
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
