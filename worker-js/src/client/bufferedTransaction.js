// The `tx` cojson gets inside transaction(cb) on the main thread, built from the transaction
// operations of the table (src/protocol/operations.js). Writes are buffered and travel to the owner
// as ONE commit when cb's promise resolves: the bytes of one engine call (commitCodec.js, core
// TabCommit) that the owner passes through untouched. A read of a row this tx wrote is answered
// from that write; any other read from what the tab knows (readCache.js) or, failing that, by the
// owner (one round trip), and each such read travels with the commit as a check: the owner applies
// the commit only if every row read is still exactly as read (another tab may have committed in
// between, or the tab's knowledge may be stale); else it writes nothing and answers "conflict" with
// the current rows, and the client runs cb again.

import { coValueCheck, encodeCommit, lockCheck, sessionCheck } from "../protocol/commitCodec.js";
import { storeError } from "../protocol/errors.js";
import { parseJson } from "../protocol/json.js";
import { KIND, TX_OPERATIONS } from "../protocol/operations.js";
import { MISS } from "./readCache.js";

export function bufferedTransaction({ request, cache, context, countLocal }) {
  const writes = [];
  // The rows this tx read (not from its own writes), by row key: { row, check, coValue?, sessionID? }.
  const reads = new Map();
  // Session rowIDs this tx handed out, by row key.
  const sessionRowIDs = new Map();
  let provisionalRowIDs = 0;
  let ended = false;

  function open(method) {
    if (ended) {
      throw storeError("CLOSED", `tx.${method} was called after its transaction() ended; use the tx only inside the callback`);
    }
  }

  /** The latest buffered write of `rowKey`, or undefined. */
  function lastWrite(rowKey) {
    for (let i = writes.length - 1; i >= 0; i--) {
      if (writes[i].rowKey === rowKey) return writes[i];
    }
    return undefined;
  }

  const rowOf = {
    session: {
      key: ([coValue, sessionID]) => `session ${coValue} ${sessionID}`,
      fromWrite: ({ wire: [coValue, sessionID, lastIdx, lastSignature, bytes], rowID }) => ({
        rowID, coValue, sessionID, lastIdx, lastSignature, ...(bytes >= 0 ? { bytesSinceLastSignature: bytes } : {}),
      }),
      check: ([coValue, sessionID], row) => sessionCheck(coValue, sessionID, row),
    },
    lock: {
      key: ([key]) => `lock ${key}`,
      fromWrite: ({ wire: [key, holderSessionId, acquiredAt, releasedAt, lastProcessedOffset] }) => ({
        key, holderSessionId, acquiredAt, ...(releasedAt >= 0 ? { releasedAt } : {}), lastProcessedOffset,
      }),
      check: ([key], row) => lockCheck(key, row),
    },
  };

  async function read(name, op, wire) {
    const kind = rowOf[op.row];
    const rowKey = kind.key(wire);
    const own = lastWrite(rowKey);
    if (own !== undefined) return kind.fromWrite(own);
    const earlier = reads.get(rowKey);
    if (earlier !== undefined) return earlier.row === undefined ? undefined : structuredClone(earlier.row);
    let row = cache.read(name, wire);
    if (row === MISS) {
      row = op.decode(await request(name, wire), wire, context);
      cache.learn(name, wire, row);
    } else {
      countLocal(name);
    }
    // Another read of the same row may have finished first (cojson reads in parallel): keep the first.
    if (!reads.has(rowKey)) {
      reads.set(rowKey, { row: row === undefined ? undefined : structuredClone(row), check: kind.check(wire, row),
        sessionKey: op.row === "session" ? wire : undefined });
    }
    return row;
  }

  /**
   * Returns the session's rowID before the commit: the known one when cojson passes the sessionRow
   * it read (or this tx already has one for the session), else a provisional negative number that
   * the owner replaces with the real rowID inside the commit (cojson hands it only to this tx's
   * addTransaction and addSignatureAfter).
   */
  function addSessionUpdate(op, wire, update) {
    const rowKey = rowOf.session.key(wire);
    let rowID = typeof update?.sessionRow?.rowID === "number" ? update.sessionRow.rowID : sessionRowIDs.get(rowKey);
    let provisional = 0;
    if (rowID === undefined) {
      provisional = -++provisionalRowIDs;
      rowID = provisional;
    }
    sessionRowIDs.set(rowKey, rowID);
    writes.push({ name: "addSessionUpdate", op, wire: [...wire, provisional], rowKey, rowID });
    return rowID;
  }

  const tx = {};
  for (const [name, op] of TX_OPERATIONS) {
    tx[name] = async (...callArgs) => {
      open(name);
      const wire = op.check(callArgs, context);
      if (op.kind === KIND.TX_READ) return read(name, op, wire);
      if (name === "addSessionUpdate") return addSessionUpdate(op, wire, callArgs[0]);
      writes.push({ name, op, wire, rowKey: op.row === undefined ? undefined : rowOf[op.row].key(wire) });
      return undefined;
    };
  }

  return {
    tx,
    /** Makes every later call on tx reject with CLOSED. */
    end() {
      ended = true;
    },
    hasWrites: () => writes.length > 0,
    writes,
    /** [coValue rowID, sessionID] of each session read, in the order of the commit's session checks. */
    sessionChecks: () => [...reads.values()].filter((r) => r.sessionKey !== undefined).map((r) => r.sessionKey),
    /**
     * The commit's bytes: checks first (each coValue rowID relied on is still the id the tab knows;
     * each row read is still as read), then the writes in call order.
     */
    commitBytes() {
      const coValueRowIDs = new Set();
      for (const r of reads.values()) if (r.sessionKey !== undefined) coValueRowIDs.add(r.sessionKey[0]);
      for (const w of writes) {
        if (w.name === "addSessionUpdate" || w.name === "deleteCoValueContent") coValueRowIDs.add(w.wire[0]);
      }
      const records = [];
      for (const rowID of coValueRowIDs) {
        const id = cache.idOf(rowID);
        if (id !== undefined) records.push(coValueCheck(rowID, id));
      }
      for (const r of reads.values()) records.push(r.check);
      for (const w of writes) records.push([w.op.record, ...w.wire]);
      return encodeCommit(records);
    },
    /** Answer of the owner to the commit, parsed. */
    parseAnswer: (raw) => parseJson(raw),
  };
}
