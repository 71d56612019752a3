// Read-only access to the IndexedDB database that cojson-storage-indexeddb (0.20.x, schema
// version 7) writes. Object stores and the rows this module reads from them:
//   coValues        {rowID, id, header}                 key rowID (autoIncrement)
//   sessions        {rowID, coValue, sessionID, lastIdx, lastSignature, bytesSinceLastSignature?}
//                   index "sessionsByCoValue" on coValue
//   transactions    {ses, idx, tx}                      key [ses, idx]
//   signatureAfter  {ses, idx, signature}               key [ses, idx]     (schema 2+)
//   unsyncedCoValues {rowID, coValueId, peerId}                            (schema 5+)
//   deletedCoValues {coValueID, status: "pending"|"done"}                   (schema 6+)
// Every read runs in its own "readonly" transaction whose requests are all issued at once and
// collected on `complete`, so no await ever sits inside a live IndexedDB transaction. Nothing here
// writes, and opening never creates a database.

import { storeError } from "../engines.js";

const REQUIRED_STORES = ["coValues", "sessions", "transactions"];

/**
 * The existing database `name`, opened without a version (so never upgraded), or null when there
 * is none. `indexedDB.open` would create a missing database: `databases()` is asked first, and an
 * upgrade that still starts (the database vanished in between) is aborted, which deletes the
 * database it was creating.
 */
export async function openExistingDatabase(name) {
  if (typeof indexedDB !== "object" || indexedDB === null) {
    throw storeError("UNSUPPORTED_RUNTIME", "IndexedDB is not available here; migrate inside a browser worker");
  }
  if (typeof indexedDB.databases === "function") {
    const databases = await indexedDB.databases();
    if (!databases.some((db) => db.name === name)) {
      return null;
    }
  }
  const db = await new Promise((resolve, reject) => {
    let creating = false;
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => {
      creating = true;
      request.transaction.abort();
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = (event) => {
      event.preventDefault();
      if (creating) {
        resolve(null);
      } else {
        reject(storeError("IO", `cannot open the IndexedDB database ${name} (${request.error?.name}: ${request.error?.message})`,
          request.error));
      }
    };
  });
  if (db === null) {
    return null;
  }
  const missing = REQUIRED_STORES.filter((store) => !db.objectStoreNames.contains(store));
  if (missing.length > 0) {
    db.close();
    throw storeError("UNSUPPORTED_FORMAT", `the IndexedDB database ${name} is not cojson-storage-indexeddb's: it lacks `
      + `the object stores ${missing.join(", ")}; pass the right indexedDBName`);
  }
  // Another tab upgrading the database (a newer cojson-storage-indexeddb) must not wait on us.
  db.onversionchange = () => db.close();
  return db;
}

/**
 * Runs `issue(tx)`, which issues requests on a readonly transaction over `storeNames` and returns
 * them (an array, possibly nested one level); resolves with their results in the same shape once
 * the transaction completed.
 */
function read(db, storeNames, issue) {
  return new Promise((resolve, reject) => {
    let tx;
    try {
      tx = db.transaction(storeNames, "readonly");
    } catch (e) {
      reject(storeError("IO", `cannot read the IndexedDB database ${db.name} (${e?.name}: ${e?.message})`, e));
      return;
    }
    const requests = issue(tx);
    const fail = () => reject(storeError("IO", `reading the IndexedDB database ${db.name} failed (${tx.error?.name}: `
      + `${tx.error?.message}); the migration can be run again`, tx.error));
    tx.oncomplete = () => resolve(requests.map((r) => (Array.isArray(r) ? r.map((x) => x.result) : r.result)));
    tx.onerror = fail;
    tx.onabort = fail;
  });
}

/** A source of cojson rows over an open database. */
export function indexedDbSource(db) {
  const has = (store) => db.objectStoreNames.contains(store);
  return {
    name: db.name,

    async coValueCount() {
      const [count] = await read(db, ["coValues"], (tx) => [tx.objectStore("coValues").count()]);
      return count;
    },

    /** Up to `limit` coValue rows with rowID > afterRowID, ascending. */
    async coValuesAfter(afterRowID, limit) {
      const [rows] = await read(db, ["coValues"], (tx) => [
        tx.objectStore("coValues").getAll(IDBKeyRange.lowerBound(afterRowID, true), limit)]);
      return rows;
    },

    /**
     * For each coValue rowID (ascending), its session rows (rowID order) and, per session, its
     * signatures. The sessions of the whole range come in one request on the coValue index.
     */
    async sessionsWithSignatures(coValueRowIDs) {
      const [inRange] = await read(db, ["sessions"], (tx) => [tx.objectStore("sessions").index("sessionsByCoValue")
        .getAll(IDBKeyRange.bound(coValueRowIDs[0], coValueRowIDs[coValueRowIDs.length - 1]))]);
      const byCoValue = new Map(coValueRowIDs.map((rowID) => [rowID, []]));
      for (const session of inRange) {
        byCoValue.get(session.coValue)?.push(session);
      }
      const sessionLists = coValueRowIDs.map((rowID) => byCoValue.get(rowID));
      if (!has("signatureAfter")) {
        return sessionLists.map((sessions) => sessions.map((session) => ({ session, signatures: [] })));
      }
      const flat = sessionLists.flat();
      const [signatureLists] = await read(db, ["signatureAfter"], (tx) => [flat.map((session) =>
        tx.objectStore("signatureAfter").getAll(IDBKeyRange.bound([session.rowID, 0], [session.rowID, Infinity])))]);
      let at = 0;
      return sessionLists.map((sessions) => sessions.map((session) => ({ session, signatures: signatureLists[at++] })));
    },

    /** The transaction rows of each range {ses, fromIdx, toIdx} (inclusive), ascending idx. */
    async transactions(ranges) {
      const [lists] = await read(db, ["transactions"], (tx) => [ranges.map(({ ses, fromIdx, toIdx }) =>
        tx.objectStore("transactions").getAll(IDBKeyRange.bound([ses, fromIdx], [ses, toIdx])))]);
      return lists;
    },

    /** Every {coValueId, peerId} whose sync with a peer was still pending. */
    async unsynced() {
      if (!has("unsyncedCoValues")) {
        return [];
      }
      const [rows] = await read(db, ["unsyncedCoValues"], (tx) => [tx.objectStore("unsyncedCoValues").getAll()]);
      return rows;
    },

    /** Every {coValueID, status} of the delete queue. */
    async deleted() {
      if (!has("deletedCoValues")) {
        return [];
      }
      const [rows] = await read(db, ["deletedCoValues"], (tx) => [tx.objectStore("deletedCoValues").getAll()]);
      return rows;
    },

    close() {
      db.close();
    },
  };
}
