// The `tx` cojson gets inside transaction(cb) on the main thread. Writes are buffered and travel
// to the worker in ONE commit message when cb's promise resolves; the worker applies them in one
// engine transaction. Reads are a round trip each, answered from committed state overlaid with
// this tx's own buffered writes; each read answered from committed state is recorded and sent
// with the commit, which the worker checks against the state it commits on (another tab may have
// committed in between): a mismatch rolls back and answers "conflict", and the client runs cb again.

import { storeError } from "../engines.js";

/** The writes a commit may carry, applied in call order by src/owner/commit.js. */
const BUFFERED = ["addTransaction", "addSignatureAfter", "markCoValueAsDeleted", "putStorageReconciliationLock",
  "deleteCoValueContent"];

export function bufferedTransaction(request) {
  const writes = [];
  const reads = [];
  // Session rowIDs this tx handed out, by coValue rowID and sessionID.
  const sessionRowIDs = new Map();
  let provisionalRowIDs = 0;
  let ended = false;

  function open(method) {
    if (ended) {
      throw storeError("CLOSED", `tx.${method} was called after its transaction() ended; use the tx only inside the callback`);
    }
  }

  /** The latest buffered write matching `test`, or undefined. */
  function lastWrite(test) {
    for (let i = writes.length - 1; i >= 0; i--) {
      if (test(writes[i])) return writes[i];
    }
    return undefined;
  }

  const tx = {
    async getSingleCoValueSession(coValueRowID, sessionID) {
      open("getSingleCoValueSession");
      const own = lastWrite((w) => w.op === "addSessionUpdate" && w.args[0].sessionUpdate?.coValue === coValueRowID
        && w.args[0].sessionUpdate?.sessionID === sessionID);
      if (own) {
        return { ...structuredClone(own.args[0].sessionUpdate), rowID: sessionRowIDs.get(key(coValueRowID, sessionID)) };
      }
      const row = await request("getSingleCoValueSession", [coValueRowID, sessionID]);
      reads.push({ kind: "session", coValue: coValueRowID, sessionID, row: JSON.stringify(row ?? null) });
      return row;
    },
    async getStorageReconciliationLock(lockKey) {
      open("getStorageReconciliationLock");
      const own = lastWrite((w) => w.op === "putStorageReconciliationLock" && w.args[0]?.key === lockKey);
      if (own) return structuredClone(own.args[0]);
      const row = await request("getStorageReconciliationLock", [lockKey]);
      reads.push({ kind: "lock", key: lockKey, row: JSON.stringify(row ?? null) });
      return row;
    },
    /**
     * Returns the session's rowID before the commit: the known one when cojson passes the
     * sessionRow it read, else a provisional negative number that the worker replaces with the
     * real rowID inside the commit (cojson hands it only to this tx's addTransaction and
     * addSignatureAfter).
     */
    async addSessionUpdate(update) {
      open("addSessionUpdate");
      const s = update?.sessionUpdate;
      const sessionKey = key(s?.coValue, s?.sessionID);
      let rowID = typeof update?.sessionRow?.rowID === "number" ? update.sessionRow.rowID : sessionRowIDs.get(sessionKey);
      let provisional;
      if (rowID === undefined) {
        provisional = -++provisionalRowIDs;
        rowID = provisional;
      }
      sessionRowIDs.set(sessionKey, rowID);
      writes.push({ op: "addSessionUpdate", args: [structuredClone(update)], provisional });
      return rowID;
    },
  };
  for (const op of BUFFERED) {
    tx[op] = async (...args) => {
      open(op);
      writes.push({ op, args: structuredClone(args) });
    };
  }

  return {
    tx,
    /** Makes every later call on tx reject with CLOSED. */
    end() {
      ended = true;
    },
    hasWrites: () => writes.length > 0,
    /** The commit request's argument. */
    commit: () => ({ reads, writes }),
  };
}

const key = (coValueRowID, sessionID) => `${coValueRowID} ${sessionID}`;
