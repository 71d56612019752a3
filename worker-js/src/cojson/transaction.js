// The `tx` object cojson gets inside transaction(cb), over one engine transaction. The engine
// transaction refuses every call once it has ended (CLOSED), so a tx kept past its callback
// cannot write.

import * as args from "./args.js";
import { parseOrUndefined } from "./rows.js";

/** The synchronous tx (DBTransactionInterfaceSync). */
export function syncTransaction(engineTx) {
  return {
    getSingleCoValueSession(coValueRowID, sessionID) {
      return parseOrUndefined(engineTx.getSingleCoValueSession(
        args.number(coValueRowID, "coValueRowID"), args.string(sessionID, "sessionID")));
    },
    addSessionUpdate(update) {
      args.object(update, "the argument of addSessionUpdate");
      const s = args.object(update.sessionUpdate, "sessionUpdate");
      return engineTx.addSessionUpdate(
        args.number(s.coValue, "sessionUpdate.coValue"),
        args.string(s.sessionID, "sessionUpdate.sessionID"),
        args.number(s.lastIdx, "sessionUpdate.lastIdx"),
        args.string(s.lastSignature, "sessionUpdate.lastSignature"),
        args.optionalCount(s.bytesSinceLastSignature, "sessionUpdate.bytesSinceLastSignature"));
    },
    addTransaction(sessionRowID, idx, tx) {
      engineTx.addTransaction(args.number(sessionRowID, "sessionRowID"), args.number(idx, "idx"),
        args.jsonText(tx, "tx"));
    },
    addSignatureAfter(row) {
      args.object(row, "the argument of addSignatureAfter");
      engineTx.addSignatureAfter(args.number(row.sessionRowID, "sessionRowID"), args.number(row.idx, "idx"),
        args.string(row.signature, "signature"));
    },
    markCoValueAsDeleted(id) {
      engineTx.markCoValueAsDeleted(args.string(id, "id"));
    },
    getStorageReconciliationLock(key) {
      return parseOrUndefined(engineTx.getStorageReconciliationLock(args.string(key, "key")));
    },
    putStorageReconciliationLock(entry) {
      args.object(entry, "lock entry");
      engineTx.putStorageReconciliationLock(
        args.string(entry.key, "key"),
        args.string(entry.holderSessionId, "holderSessionId"),
        args.number(entry.acquiredAt, "acquiredAt"),
        args.optionalCount(entry.releasedAt, "releasedAt"),
        args.number(entry.lastProcessedOffset, "lastProcessedOffset"));
    },
  };
}

/** The asynchronous tx (DBTransactionInterfaceAsync): the same calls as promises, plus deleteCoValueContent. */
export function asyncTransaction(engineTx) {
  const tx = syncTransaction(engineTx);
  const promised = {};
  for (const [name, method] of Object.entries(tx)) {
    promised[name] = async (...callArgs) => method(...callArgs);
  }
  promised.deleteCoValueContent = async (row) => {
    args.object(row, "coValue row");
    engineTx.deleteCoValueContent(args.number(row.rowID, "rowID"), args.string(row.id, "id"));
  };
  return promised;
}
