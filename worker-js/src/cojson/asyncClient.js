// cojson's DBClientInterfaceAsync over the same row store (CONTRACT.md). Every method is the sync
// client's call in a promise, except for the rules that are the point of the async contract:
// transactions run one at a time in call order and a failed one rolls back and rejects without
// blocking the next; erase runs through this.transaction (cojson's tests spy on it); the
// fire-and-forget methods never reject.

import * as args from "./args.js";
import { warn } from "./reconciliation.js";
import { asyncTransaction } from "./transaction.js";
import { serialQueue } from "./serialQueue.js";

export function createAsyncClient(rows, syncClient) {
  const inTurn = serialQueue();

  const client = {};
  for (const name of ["getCoValue", "upsertCoValue", "getAllCoValuesWaitingForDelete", "getCoValueSessions",
    "getNewTransactionInSession", "getSignatures", "trackCoValuesSyncState", "getUnsyncedCoValueIDs",
    "getCoValueKnownState", "getCoValueIDs", "getCoValueCount", "tryAcquireStorageReconciliationLock"]) {
    // Not queued behind transactions: cojson calls these from inside transaction callbacks too.
    client[name] = async (...callArgs) => syncClient[name](...callArgs);
  }
  for (const name of ["stopTrackingSyncState", "renewStorageReconciliationLock", "releaseStorageReconciliationLock"]) {
    client[name] = async (...callArgs) => {
      try {
        syncClient[name](...callArgs);
      } catch (error) {
        warn(`cojson-storage-opfs: ${name} failed`, { err: error });
      }
    };
  }

  /** Runs after every earlier transaction has settled; commits when cb's promise resolves. */
  client.transaction = function transaction(cb) {
    return inTurn(async () => {
      args.callback(cb, "the transaction callback");
      const engineTx = rows().begin();
      let result;
      try {
        result = await cb(asyncTransaction(engineTx));
      } catch (error) {
        engineTx.close();
        throw error;
      }
      engineTx.commit();
      return result;
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

  return client;
}
