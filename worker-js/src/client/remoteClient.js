// cojson's DBClientInterfaceAsync on the main thread, over requests to the owner worker. It keeps
// the async contract as src/cojson/asyncClient.js does (CONTRACT.md): transactions one at a time
// in call order, a failed one rolls back (nothing was sent) and rejects without blocking the next,
// calls made inside a callback go straight out (not queued behind it), erase runs through
// this.transaction, the fire-and-forget methods never reject. Rows are fresh objects (each
// answer is a structured clone) and undefined stays undefined.

import * as args from "../cojson/args.js";
import { lockConfig, warn } from "../cojson/reconciliation.js";
import { storeError } from "../engines.js";
import { bufferedTransaction } from "./bufferedTransaction.js";
import { CONFLICT_RETRIES } from "./protocol.js";
import { serialQueue } from "../cojson/serialQueue.js";

const READS = ["getCoValue", "upsertCoValue", "getAllCoValuesWaitingForDelete", "getCoValueSessions",
  "getNewTransactionInSession", "getSignatures", "trackCoValuesSyncState", "getUnsyncedCoValueIDs",
  "getCoValueKnownState", "getCoValueIDs", "getCoValueCount"];
const MAX_BACKOFF_MS = 100;
const FIRE_AND_FORGET = ["stopTrackingSyncState", "renewStorageReconciliationLock", "releaseStorageReconciliationLock"];

export function createRemoteClient(request) {
  const inTurn = serialQueue();
  const counters = { commits: 0, conflicts: 0 };

  const client = {};
  for (const op of READS) {
    client[op] = (...callArgs) => request(op, callArgs);
  }
  // With cojson's settings as this tab has them now: the storage worker has no cojson (reconciliation.js).
  client.tryAcquireStorageReconciliationLock = (sessionId, peerId) =>
    request("tryAcquireStorageReconciliationLock", [sessionId, peerId, lockConfig()]);
  for (const op of FIRE_AND_FORGET) {
    client[op] = async (...callArgs) => {
      try {
        await request(op, callArgs);
      } catch (error) {
        warn(`cojson-storage-opfs: ${op} failed`, { err: error });
      }
    };
  }

  /**
   * Runs cb against a tx that buffers its writes, after every earlier transaction has settled,
   * and sends them in one commit when cb's promise resolves. When another tab changed what cb
   * read, cb runs again on fresh reads (cojson's callbacks derive their writes from their reads).
   */
  client.transaction = function transaction(cb) {
    return inTurn(async () => {
      args.callback(cb, "the transaction callback");
      for (let attempt = 0; attempt <= CONFLICT_RETRIES; attempt++) {
        const buffered = bufferedTransaction(request);
        let result;
        try {
          result = await cb(buffered.tx);
        } finally {
          buffered.end();
        }
        if (!buffered.hasWrites()) return result;
        counters.commits++;
        const answer = await request("commit", [buffered.commit()]);
        if (!answer.conflict) return result;
        counters.conflicts++;
        // A random pause, longer after each conflict, so that two tabs retrying the same rows
        // stop colliding instead of taking turns at making each other retry.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, MAX_BACKOFF_MS)));
      }
      throw storeError("CONFLICT", `the transaction's reads were changed by another tab ${CONFLICT_RETRIES + 1} times `
        + "in a row; nothing was written, retry it later");
    });
  };

  client.eraseCoValueButKeepTombstone = async function eraseCoValueButKeepTombstone(id) {
    const row = await this.getCoValue(id);
    if (!row) {
      warn(`CoValue ${id} not found, skipping deletion`);
      return;
    }
    return this.transaction((tx) => tx.deleteCoValueContent(row));
  };

  return { client, transactionCounters: () => ({ ...counters }) };
}
