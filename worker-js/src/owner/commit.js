// Applies a main-thread transaction's commit (src/client/bufferedTransaction.js) in one engine
// transaction: first the reads it was computed from are checked against the current state (another
// tab may have committed since), then its writes run in call order, provisional session rowIDs
// replaced by the real ones. A stale read rolls everything back and answers { conflict: true }.

import { storeError } from "../engines.js";

const CONFLICT = Symbol("conflict");
const PLAIN_WRITES = new Set(["markCoValueAsDeleted", "putStorageReconciliationLock", "deleteCoValueContent"]);

export async function applyCommit(store, { reads, writes }) {
  try {
    await store.asyncClient.transaction(async (tx) => {
      for (const read of reads) {
        const now = read.kind === "session"
          ? await tx.getSingleCoValueSession(read.coValue, read.sessionID)
          : await tx.getStorageReconciliationLock(read.key);
        if (JSON.stringify(now ?? null) !== read.row) throw CONFLICT;
      }
      const realRowIDs = new Map();
      const real = (rowID) => {
        if (rowID >= 0) return rowID;
        if (!realRowIDs.has(rowID)) {
          throw storeError("INVALID_ARGUMENT", `session rowID ${rowID} was not returned by this transaction's addSessionUpdate`);
        }
        return realRowIDs.get(rowID);
      };
      for (const { op, args, provisional } of writes) {
        if (op === "addSessionUpdate") {
          const rowID = await tx.addSessionUpdate(args[0]);
          if (provisional !== undefined) realRowIDs.set(provisional, rowID);
        } else if (op === "addTransaction") {
          await tx.addTransaction(real(args[0]), args[1], args[2]);
        } else if (op === "addSignatureAfter") {
          await tx.addSignatureAfter({ ...args[0], sessionRowID: real(args[0]?.sessionRowID) });
        } else if (PLAIN_WRITES.has(op)) {
          await tx[op](...args);
        } else {
          throw storeError("INVALID_ARGUMENT", `a commit cannot carry ${op}`);
        }
      }
    });
    return { conflict: false };
  } catch (error) {
    if (error === CONFLICT) return { conflict: true };
    throw error;
  }
}
