// What the owner worker does with one request, on the store it owns. A request's handler gets
// report(progress) for long jobs (migrateFromIndexedDB), which reaches the tab as progress messages.

import { storeError } from "../engines.js";
import { migrateFromIndexedDB } from "../migration/migrateFromIndexedDB.js";
import { applyCommit } from "./commit.js";

// Straight to the store's DBClientInterfaceSync, one engine call each.
const CLIENT_OPS = new Set(["getCoValue", "upsertCoValue", "getAllCoValuesWaitingForDelete", "getCoValueSessions",
  "getNewTransactionInSession", "getSignatures", "trackCoValuesSyncState", "getUnsyncedCoValueIDs",
  "getCoValueKnownState", "getCoValueIDs", "getCoValueCount", "tryAcquireStorageReconciliationLock",
  "stopTrackingSyncState", "renewStorageReconciliationLock", "releaseStorageReconciliationLock"]);

// Reads a main-thread transaction makes: only a tx has them, so they run in an engine transaction
// that is then rolled back (it wrote nothing).
const TX_READS = new Set(["getSingleCoValueSession", "getStorageReconciliationLock"]);
const ROLLBACK = Symbol("rollback");

/** (request, report) → the answer's value, for the store this worker owns as `ownerId`. */
export function createServer(store, ownerId) {
  const ops = {
    hello: () => {
      const { engine, persistent } = store.stats();
      return { ownerId, engine, persistent };
    },
    stats: () => ({ ...store.stats(), ownerId }),
    verify: () => store.verify(),
    commit: ([commit]) => applyCommit(store, commit),
    // The owner serves one request at a time, so no other tab writes while the migration runs.
    migrateFromIndexedDB: ([indexedDBName], report) => migrateFromIndexedDB(store, { indexedDBName, onProgress: report }),
  };
  return async ({ op, args }, report) => {
    if (CLIENT_OPS.has(op)) return store.client[op](...args);
    if (TX_READS.has(op)) return readInTransaction(store, op, args);
    if (Object.hasOwn(ops, op)) return ops[op](args, report);
    throw storeError("INVALID_ARGUMENT", `unknown storage request ${JSON.stringify(op)}`);
  };
}

async function readInTransaction(store, op, args) {
  let value;
  try {
    await store.asyncClient.transaction(async (tx) => {
      value = await tx[op](...args);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return value;
}

/** A server for a worker whose store would not open: every request gets that error. */
export function failingServer(error) {
  return async () => {
    throw error;
  };
}
