// cojson's DBClientInterfaceSync over the engine's row store (CONTRACT.md). `rows()` gives the
// open engine store or throws CLOSED once this handle is closed.

import * as args from "./args.js";
import { lockConfig, warn } from "./reconciliation.js";
import { parseOrUndefined, rowIDOrUndefined } from "./rows.js";
import { syncTransaction } from "./transaction.js";

export function createSyncClient(rows) {
  return {
    getCoValue(id) {
      return parseOrUndefined(rows().getCoValue(args.string(id, "id")));
    },
    upsertCoValue(id, header) {
      args.string(id, "id");
      const headerText = header === undefined ? null : args.jsonText(header, "header");
      return rowIDOrUndefined(rows().upsertCoValue(id, headerText));
    },
    getAllCoValuesWaitingForDelete() {
      return JSON.parse(rows().getAllCoValuesWaitingForDelete());
    },
    getCoValueSessions(coValueRowID) {
      return JSON.parse(rows().getCoValueSessions(args.number(coValueRowID, "coValueRowID")));
    },
    getNewTransactionInSession(sessionRowID, fromIdx, toIdx) {
      return JSON.parse(rows().getNewTransactionInSession(args.number(sessionRowID, "sessionRowID"),
        args.number(fromIdx, "fromIdx"), args.number(toIdx, "toIdx")));
    },
    getSignatures(sessionRowID, firstNewTxIdx) {
      return JSON.parse(rows().getSignatures(args.number(sessionRowID, "sessionRowID"),
        args.number(firstNewTxIdx, "firstNewTxIdx")));
    },
    /** Runs cb(tx) synchronously: all of it commits, or (cb throws) none of it and the error is rethrown. */
    transaction(cb) {
      args.callback(cb, "the transaction callback");
      const engineTx = rows().begin();
      let result;
      try {
        result = cb(syncTransaction(engineTx));
      } catch (error) {
        engineTx.close();
        throw error;
      }
      engineTx.commit();
      return result;
    },
    trackCoValuesSyncState(updates) {
      rows().trackCoValuesSyncState(packSyncUpdates(updates));
    },
    getUnsyncedCoValueIDs() {
      return JSON.parse(rows().getUnsyncedCoValueIDs());
    },
    stopTrackingSyncState(id) {
      rows().stopTrackingSyncState(args.string(id, "id"));
    },
    eraseCoValueButKeepTombstone(id) {
      if (!rows().eraseCoValueButKeepTombstone(args.string(id, "id"))) {
        warn(`CoValue ${id} not found, skipping deletion`);
      }
    },
    getCoValueKnownState(id) {
      return parseOrUndefined(rows().getCoValueKnownState(args.string(id, "id")));
    },
    getCoValueIDs(limit, offset) {
      return JSON.parse(rows().getCoValueIDs(args.number(limit, "limit"), args.number(offset, "offset")));
    },
    getCoValueCount() {
      return rows().getCoValueCount();
    },
    /** `config`: cojson's settings sent by a tab to the storage worker; in cojson's realm, as installed (reconciliation.js). */
    tryAcquireStorageReconciliationLock(sessionId, peerId, config = lockConfig()) {
      const { lockTtlMs, intervalMs } = config;
      return JSON.parse(rows().tryAcquireStorageReconciliationLock(args.string(sessionId, "sessionId"),
        args.string(peerId, "peerId"), Date.now(), lockTtlMs, intervalMs));
    },
    renewStorageReconciliationLock(sessionId, peerId, offset) {
      rows().renewStorageReconciliationLock(args.string(sessionId, "sessionId"), args.string(peerId, "peerId"),
        args.number(offset, "offset"));
    },
    releaseStorageReconciliationLock(sessionId, peerId) {
      rows().releaseStorageReconciliationLock(args.string(sessionId, "sessionId"), args.string(peerId, "peerId"),
        Date.now());
    },
  };
}

/**
 * All updates as one string for one boundary crossing: `id NUL peerId NUL (1|0) NUL` each.
 * Ids with NUL are refused first, so the packing cannot be misread.
 */
export function packSyncUpdates(updates) {
  if (!Array.isArray(updates)) {
    throw args.invalid("updates must be an array of { id, peerId, synced }");
  }
  let packed = "";
  updates.forEach((update, i) => {
    args.object(update, `updates[${i}]`);
    if (typeof update.synced !== "boolean") {
      throw args.invalid(`updates[${i}].synced must be a boolean`);
    }
    packed += `${args.idWithoutNul(update.id, `updates[${i}].id`)}\0`
      + `${args.idWithoutNul(update.peerId, `updates[${i}].peerId`)}\0${update.synced ? "1" : "0"}\0`;
  });
  return packed;
}
