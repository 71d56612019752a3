// cojson's storage operations (DBClientInterfaceSync/Async and their transaction objects, see
// CONTRACT.md), written down once. Every client is built from this table: the worker-side sync
// and async clients (src/cojson/), the tab's client and its buffered transaction (src/client/),
// and the owner worker's dispatch of a tab's requests (src/owner/serve.js). A Node test
// (test/node/protocol.test.mjs) checks the table against cojson's own interfaces and each client
// against the table.
//
// An operation:
//   kind     how clients treat it (KIND below)
//   check    ([args], context) => wire: the argument checks (INVALID_ARGUMENT before anything
//            reaches the engine or leaves the tab), giving the engine's positional arguments, which
//            are also what a tab sends and, for a transaction's writes, the fields of its commit
//            record (src/protocol/commitCodec.js)
//   wire     the types of those arguments, one letter each (s string, S string or null, n number,
//            b bytes): the owner checks a tab's request against it before calling the engine
//   engine   (rows or engineTx, ...wire) => raw: the one engine call (JsRowStore / JsRowTransaction)
//   decode   (raw, wire, context) => what cojson gets; raw JSON is parsed once (json.js)
//   record   a transaction write's tag in a tab's commit (core TabCommit)
//   row      the row a transaction read or write is about ("session": by coValue rowID and
//            sessionID; "lock": by key): a tab's buffered transaction answers its reads of a row
//            from its own writes of it first, and commits with a check of each row it read
//   forTab   { engine }: what the owner calls instead when a tab asks, an answer that also carries
//            what the tab's next reads will need (src/client/readCache.js receives it)
//   asyncOnly  only the async transaction object has it
//
// `context` is { lockConfig(), warn(message, attributes), now() }: cojson's reconciliation settings
// and logger, given by the client's side (this module imports nothing of cojson, so the owner
// worker, which serves tabs without cojson, can use it).

import * as args from "../cojson/args.js";
import { parseJson } from "./json.js";

export const KIND = Object.freeze({
  /** A read of committed state. */
  READ: "read",
  /** A write outside any transaction: one engine commit of its own. */
  WRITE: "write",
  /** A write whose promise never rejects: a failure is logged (the async contract). */
  FIRE_AND_FORGET: "fire-and-forget",
  /** transaction(cb): cb's tx calls commit together, or none of them. */
  TRANSACTION: "transaction",
  /** A write the async clients must run as this.transaction(tx => tx.deleteCoValueContent(row)). */
  ERASE: "erase through a transaction",
  /** A read through an open transaction (its own writes first). */
  TX_READ: "read inside a transaction",
  /** A write through an open transaction. */
  TX_WRITE: "write inside a transaction",
});

/**
 * How many bytes of transaction text a tab's load answer carries at most (RowStore.loadCoValue):
 * enough for every CoValue an app shows at once; a larger one's tail is read chunk by chunk.
 */
export const LOAD_PREFETCH_BYTES = 8 * 1024 * 1024;

const json = (raw) => parseJson(raw);
const rowID = (raw) => (raw < 0 ? undefined : raw);
const nothing = () => undefined;
const same = (raw) => raw;

export const OPERATIONS = Object.freeze({
  getCoValue: {
    kind: KIND.READ,
    check: ([id]) => [args.string(id, "id")],
    wire: "s",
    engine: (rows, id) => rows.getCoValue(id),
    decode: json,
    // The start of cojson's load: the tab gets the whole load from one state at once.
    forTab: { engine: (rows, id) => rows.loadCoValue(id, LOAD_PREFETCH_BYTES) },
  },
  upsertCoValue: {
    kind: KIND.WRITE,
    check: ([id, header]) => [args.string(id, "id"), header === undefined ? null : args.jsonText(header, "header")],
    wire: "sS",
    engine: (rows, id, header) => rows.upsertCoValue(id, header),
    decode: rowID,
    // cojson's next step is a transaction per session of this coValue: its sessions come along.
    forTab: { engine: (rows, id, header) => rows.upsertCoValueAndSessions(id, header) },
  },
  getCoValueSessions: {
    kind: KIND.READ,
    check: ([coValueRowID]) => [args.number(coValueRowID, "coValueRowID")],
    wire: "n",
    engine: (rows, coValue) => rows.getCoValueSessions(coValue),
    decode: json,
  },
  getNewTransactionInSession: {
    kind: KIND.READ,
    check: ([sessionRowID, fromIdx, toIdx]) => [args.number(sessionRowID, "sessionRowID"),
      args.number(fromIdx, "fromIdx"), args.number(toIdx, "toIdx")],
    wire: "nnn",
    engine: (rows, ses, from, to) => rows.getNewTransactionInSession(ses, from, to),
    decode: json,
  },
  getSignatures: {
    kind: KIND.READ,
    check: ([sessionRowID, firstNewTxIdx]) => [args.number(sessionRowID, "sessionRowID"),
      args.number(firstNewTxIdx, "firstNewTxIdx")],
    wire: "nn",
    engine: (rows, ses, from) => rows.getSignatures(ses, from),
    decode: json,
  },
  transaction: {
    kind: KIND.TRANSACTION,
    check: ([cb]) => [args.callback(cb, "the transaction callback")],
  },
  trackCoValuesSyncState: {
    kind: KIND.WRITE,
    check: ([updates]) => [packSyncUpdates(updates)],
    wire: "s",
    engine: (rows, packed) => rows.trackCoValuesSyncState(packed),
    decode: nothing,
  },
  getUnsyncedCoValueIDs: {
    kind: KIND.READ,
    check: () => [],
    wire: "",
    engine: (rows) => rows.getUnsyncedCoValueIDs(),
    decode: json,
  },
  stopTrackingSyncState: {
    kind: KIND.FIRE_AND_FORGET,
    check: ([id]) => [args.string(id, "id")],
    wire: "s",
    engine: (rows, id) => rows.stopTrackingSyncState(id),
    decode: nothing,
  },
  getAllCoValuesWaitingForDelete: {
    kind: KIND.READ,
    check: () => [],
    wire: "",
    engine: (rows) => rows.getAllCoValuesWaitingForDelete(),
    decode: json,
  },
  eraseCoValueButKeepTombstone: {
    kind: KIND.ERASE,
    check: ([id]) => [args.string(id, "id")],
    wire: "s",
    // The sync client's erase: one engine call that finds the row and erases it atomically.
    engine: (rows, id) => rows.eraseCoValueButKeepTombstone(id),
    decode: (found, [id], context) => {
      if (!found) context.warn(`CoValue ${id} not found, skipping deletion`);
    },
  },
  getCoValueKnownState: {
    kind: KIND.READ,
    check: ([id]) => [args.string(id, "id")],
    wire: "s",
    engine: (rows, id) => rows.getCoValueKnownState(id),
    decode: json,
  },
  getCoValueIDs: {
    kind: KIND.READ,
    check: ([limit, offset]) => [args.number(limit, "limit"), args.number(offset, "offset")],
    wire: "nn",
    engine: (rows, limit, offset) => rows.getCoValueIDs(limit, offset),
    decode: json,
  },
  getCoValueCount: {
    kind: KIND.READ,
    check: () => [],
    wire: "",
    engine: (rows) => rows.getCoValueCount(),
    decode: same,
  },
  tryAcquireStorageReconciliationLock: {
    kind: KIND.WRITE,
    // cojson's settings are read at call time on the caller's side (its tests change them).
    check: ([sessionId, peerId], context) => {
      const { lockTtlMs, intervalMs } = context.lockConfig();
      return [args.string(sessionId, "sessionId"), args.string(peerId, "peerId"), context.now(), lockTtlMs, intervalMs];
    },
    wire: "ssnnn",
    engine: (rows, sessionId, peerId, now, ttl, interval) =>
      rows.tryAcquireStorageReconciliationLock(sessionId, peerId, now, ttl, interval),
    decode: json,
  },
  renewStorageReconciliationLock: {
    kind: KIND.FIRE_AND_FORGET,
    check: ([sessionId, peerId, offset]) => [args.string(sessionId, "sessionId"), args.string(peerId, "peerId"),
      args.number(offset, "offset")],
    wire: "ssn",
    engine: (rows, sessionId, peerId, offset) => rows.renewStorageReconciliationLock(sessionId, peerId, offset),
    decode: nothing,
  },
  releaseStorageReconciliationLock: {
    kind: KIND.FIRE_AND_FORGET,
    check: ([sessionId, peerId], context) => [args.string(sessionId, "sessionId"), args.string(peerId, "peerId"),
      context.now()],
    wire: "ssn",
    engine: (rows, sessionId, peerId, now) => rows.releaseStorageReconciliationLock(sessionId, peerId, now),
    decode: nothing,
  },

  // ---- the transaction object (tx)

  getSingleCoValueSession: {
    kind: KIND.TX_READ,
    check: ([coValueRowID, sessionID]) => [args.number(coValueRowID, "coValueRowID"), args.string(sessionID, "sessionID")],
    wire: "ns",
    engine: (tx, coValue, sessionID) => tx.getSingleCoValueSession(coValue, sessionID),
    decode: json,
    row: "session",
  },
  addSessionUpdate: {
    kind: KIND.TX_WRITE,
    check: ([update]) => {
      args.object(update, "the argument of addSessionUpdate");
      const s = args.object(update.sessionUpdate, "sessionUpdate");
      return [args.number(s.coValue, "sessionUpdate.coValue"), args.string(s.sessionID, "sessionUpdate.sessionID"),
        args.number(s.lastIdx, "sessionUpdate.lastIdx"), args.string(s.lastSignature, "sessionUpdate.lastSignature"),
        args.optionalCount(s.bytesSinceLastSignature, "sessionUpdate.bytesSinceLastSignature")];
    },
    wire: "nsnsn",
    engine: (tx, coValue, sessionID, lastIdx, lastSignature, bytes) =>
      tx.addSessionUpdate(coValue, sessionID, lastIdx, lastSignature, bytes),
    decode: same,
    // In a tab's commit with one more field: the provisional rowID the tab handed out, or 0.
    record: "U",
    row: "session",
  },
  addTransaction: {
    kind: KIND.TX_WRITE,
    check: ([sessionRowID, idx, tx]) => [args.number(sessionRowID, "sessionRowID"), args.number(idx, "idx"),
      args.jsonText(tx, "tx")],
    wire: "nns",
    engine: (tx, ses, idx, text) => tx.addTransaction(ses, idx, text),
    decode: nothing,
    record: "T",
  },
  addSignatureAfter: {
    kind: KIND.TX_WRITE,
    check: ([row]) => {
      args.object(row, "the argument of addSignatureAfter");
      return [args.number(row.sessionRowID, "sessionRowID"), args.number(row.idx, "idx"), args.string(row.signature, "signature")];
    },
    wire: "nns",
    engine: (tx, ses, idx, signature) => tx.addSignatureAfter(ses, idx, signature),
    decode: nothing,
    record: "S",
  },
  markCoValueAsDeleted: {
    kind: KIND.TX_WRITE,
    check: ([id]) => [args.string(id, "id")],
    wire: "s",
    engine: (tx, id) => tx.markCoValueAsDeleted(id),
    decode: nothing,
    record: "D",
  },
  getStorageReconciliationLock: {
    kind: KIND.TX_READ,
    check: ([key]) => [args.string(key, "key")],
    wire: "s",
    engine: (tx, key) => tx.getStorageReconciliationLock(key),
    decode: json,
    row: "lock",
  },
  putStorageReconciliationLock: {
    kind: KIND.TX_WRITE,
    check: ([entry]) => {
      args.object(entry, "lock entry");
      return [args.string(entry.key, "key"), args.string(entry.holderSessionId, "holderSessionId"),
        args.number(entry.acquiredAt, "acquiredAt"), args.optionalCount(entry.releasedAt, "releasedAt"),
        args.number(entry.lastProcessedOffset, "lastProcessedOffset")];
    },
    wire: "ssnnn",
    engine: (tx, key, holder, acquiredAt, releasedAt, offset) =>
      tx.putStorageReconciliationLock(key, holder, acquiredAt, releasedAt, offset),
    decode: nothing,
    record: "L",
    row: "lock",
  },
  deleteCoValueContent: {
    kind: KIND.TX_WRITE,
    asyncOnly: true,
    check: ([row]) => {
      args.object(row, "coValue row");
      return [args.number(row.rowID, "rowID"), args.string(row.id, "id")];
    },
    wire: "ns",
    engine: (tx, coValue, id) => tx.deleteCoValueContent(coValue, id),
    decode: nothing,
    record: "E",
  },
});

/** Requests a tab sends that are not cojson operations but serve them: wire types and engine call as above. */
export const TAB_OPERATIONS = Object.freeze({
  /** A tab's buffered transaction, one engine call (commitCodec.js, core TabCommit). */
  commit: { wire: "b", engine: (rows, bytes) => rows.commitTab(bytes) },
});

/** [name, operation] of the client methods (not the tx's), in table order. */
export const CLIENT_OPERATIONS = Object.freeze(Object.entries(OPERATIONS)
  .filter(([, op]) => op.kind !== KIND.TX_READ && op.kind !== KIND.TX_WRITE));

/** [name, operation] of the transaction object's methods, in table order. */
export const TX_OPERATIONS = Object.freeze(Object.entries(OPERATIONS)
  .filter(([, op]) => op.kind === KIND.TX_READ || op.kind === KIND.TX_WRITE));

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

/**
 * The asynchronous clients' eraseCoValueButKeepTombstone (the worker's asyncClient and the tab's
 * client): the row read, then its content deleted through `this.transaction`, as cojson's own async
 * client does, so that it queues with the client's other transactions.
 */
export function asyncErase(context) {
  return async function eraseCoValueButKeepTombstone(id) {
    const row = await this.getCoValue(id);
    if (!row) {
      context.warn(`CoValue ${id} not found, skipping deletion`);
      return;
    }
    return this.transaction((tx) => tx.deleteCoValueContent(row));
  };
}

/**
 * Throws INVALID_ARGUMENT unless `wire` has the types `types` declares. The owner runs this on a
 * tab's request before the engine sees it: the JS build crashes on undefined where Java expects a
 * String, and a request comes from another realm that this owner did not check.
 */
export function checkWire(name, types, wire) {
  if (!Array.isArray(wire) || wire.length !== types.length) {
    throw args.invalid(`${name} takes ${types.length} arguments on the wire`);
  }
  for (let i = 0; i < types.length; i++) {
    const value = wire[i];
    const ok = types[i] === "s" ? typeof value === "string"
      : types[i] === "S" ? typeof value === "string" || value === null
        : types[i] === "n" ? typeof value === "number"
          : value instanceof Uint8Array;
    if (!ok) throw args.invalid(`argument ${i} of ${name} has the wrong type on the wire`);
  }
}
