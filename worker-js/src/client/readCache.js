// What a tab's client answers without asking the owner worker, and why each answer is safe.
//
// 1. A load's snapshot. The owner answers getCoValue (the start of cojson's load) with everything
//    the load will read next, from one engine call, so from one state of the store: the sessions,
//    every session's signatures and transactions (RowStore.loadCoValue). cojson's follow-up reads of
//    that load (getCoValueSessions, getSignatures, getNewTransactionInSession) are answered from it,
//    each piece handed out once (so every answer is a fresh object, and a second read of the same
//    piece goes to the owner). Safe because the result is exactly what the owner would have
//    answered had it served those reads right after getCoValue, before any other request: a
//    schedule the owner could always have chosen, since reads are not ordered with other tabs'
//    transactions (CONTRACT.md). The one order a tab can see is its own: once this tab commits a
//    write to the CoValue, the rest of the snapshot is dropped, so no later read misses a write of
//    this tab that was acknowledged before it. A read the snapshot cannot answer (a range past its
//    byte budget, a piece already handed out) goes to the owner and sees a later state, as every
//    read did before: rows are never removed except by an erase, and ranges are bounded by lastIdx,
//    so a later state holds at least what the load's earlier reads promised. The reverse, a piece of
//    an OLDER state after a newer one, could break that, so a CoValue keeps snapshots of one answer
//    only: cojson often loads a CoValue twice at once, and the remote client asks once for both
//    (remoteClient.js), each load getting its own parse of the same answer, so whichever load takes
//    a piece gets the same state; an answer of a new getCoValue replaces them. Snapshots not consumed
//    are dropped oldest first beyond MAX_LOAD_BYTES.
// 2. Facts that never change: a coValue id's rowID (coValue rows are never deleted, rowIDs never
//    reused), so upsertCoValue of a known id is answered here. Each commit re-checks them (the
//    record `c` of core TabCommit), in case the store behind this tab was replaced.
// 3. Session rows as last seen (by a load, an upsertCoValue answer, a read, or this tab's own
//    commit): getSingleCoValueSession inside a transaction is answered from them. They may be
//    stale (another tab may have written since), and that is safe because every read inside a
//    transaction travels with its commit, which the owner checks against the state it commits on
//    (TabCommit); a stale one makes the commit conflict, and the conflict's answer carries the
//    current rows for the retry.

import { parseJson } from "../protocol/json.js";
import { OPERATIONS } from "../protocol/operations.js";

/** What read() answers when it does not know. */
export const MISS = Symbol("not known here");

/** Raw bytes of load snapshots kept before the oldest is dropped. */
const MAX_LOAD_BYTES = 64 * 1024 * 1024;
/** CoValues whose ids and session rows are kept before the least recently used are dropped. */
const MAX_COVALUES = 20_000;

export function createReadCache() {
  // coValue rowID → { id, sessions: Map<sessionID, row | null (known absent)>, complete }.
  // `complete`: every session of the coValue is in `sessions` (absent ones too, then).
  const coValues = new Map();
  const rowIDOfId = new Map();
  // Load snapshots by coValue rowID: { raw, bytes, snapshots: [{ sessions, pieces }] }, every
  // snapshot a parse of the same answer `raw`; and the coValue of each of their sessions.
  const loads = new Map();
  const loadOfSession = new Map();
  let loadBytes = 0;

  function coValue(rowID, id) {
    let entry = coValues.get(rowID);
    if (entry === undefined) {
      entry = { id, sessions: new Map(), complete: false };
    } else {
      coValues.delete(rowID);
      if (id !== undefined) entry.id = id;
    }
    coValues.set(rowID, entry); // most recently used last
    if (id !== undefined) rowIDOfId.set(id, rowID);
    if (coValues.size > MAX_COVALUES) {
      const [oldest, { id: oldId }] = coValues.entries().next().value;
      coValues.delete(oldest);
      if (oldId !== undefined) rowIDOfId.delete(oldId);
    }
    return entry;
  }

  /** Every session of coValue `rowID`, as a list read from one state. */
  function learnSessionList(rowID, id, rows) {
    const entry = coValue(rowID, id);
    entry.sessions = new Map(rows.map((row) => [row.sessionID, { ...row }]));
    entry.complete = true;
  }

  function learnSession(rowID, sessionID, row) {
    coValue(rowID).sessions.set(sessionID, row === undefined ? null : { ...row });
  }

  function dropLoad(rowID) {
    const entry = loads.get(rowID);
    if (entry === undefined) return;
    loads.delete(rowID);
    loadBytes -= entry.bytes;
    for (const ses of entry.snapshots[0].pieces.keys()) loadOfSession.delete(ses);
  }

  function keepLoad(rowID, load, raw) {
    let entry = loads.get(rowID);
    if (entry !== undefined && entry.raw !== raw) {
      dropLoad(rowID);
      entry = undefined;
    }
    if (entry === undefined) {
      entry = { raw, bytes: raw.byteLength ?? raw.length, snapshots: [] };
      loads.set(rowID, entry);
      loadBytes += entry.bytes;
      for (const session of load.sessions) loadOfSession.set(session.rowID, rowID);
    }
    entry.snapshots.push({
      sessions: load.sessions,
      pieces: new Map(load.sessions.map((session, i) => [session.rowID, {
        signatures: load.signatures[i], transactions: load.transactions[i], until: load.until[i], next: 0, at: 0,
      }])),
    });
    while (loadBytes > MAX_LOAD_BYTES && loads.size > 1) dropLoad(loads.keys().next().value);
  }

  /** The first snapshot piece of session `ses` that `usable(piece)` accepts, or undefined. */
  function piece(ses, usable) {
    const entry = loads.get(loadOfSession.get(ses));
    if (entry === undefined) return undefined;
    for (const snapshot of entry.snapshots) {
      const p = snapshot.pieces.get(ses);
      if (usable(p)) return p;
    }
    return undefined;
  }

  /** Drops a CoValue's snapshots once every piece of every one has been handed out. */
  function consumed(rowID) {
    const entry = loads.get(rowID);
    if (entry === undefined) return;
    for (const snapshot of entry.snapshots) {
      if (snapshot.sessions !== null) return;
      for (const p of snapshot.pieces.values()) {
        if (p.signatures !== null || p.at < p.transactions.length) return;
      }
    }
    dropLoad(rowID);
  }

  const local = {
    upsertCoValue: ([id]) => rowIDOfId.get(id) ?? MISS,
    getCoValueSessions: ([rowID]) => {
      const snapshot = loads.get(rowID)?.snapshots.find((candidate) => candidate.sessions !== null);
      if (snapshot === undefined) return MISS;
      const { sessions } = snapshot;
      snapshot.sessions = null;
      consumed(rowID);
      return sessions;
    },
    getSignatures: ([ses, from]) => {
      const p = piece(ses, (candidate) => candidate.signatures !== null);
      if (p === undefined) return MISS;
      const signatures = p.signatures.filter((row) => row.idx >= from);
      p.signatures = null;
      consumed(loadOfSession.get(ses));
      return signatures;
    },
    getNewTransactionInSession: ([ses, from, to]) => {
      // Ascending reads only (cojson reads a session's chunks in order), each row handed out once,
      // and never past the budget's cut: a row the snapshot left out may exist.
      const p = piece(ses, (candidate) => from >= candidate.next && (candidate.until === -1 || to < candidate.until));
      if (p === undefined) return MISS;
      const rows = p.transactions;
      let at = p.at;
      while (at < rows.length && rows[at].idx < from) at++;
      const start = at;
      while (at < rows.length && rows[at].idx <= to) at++;
      p.at = at;
      p.next = Math.floor(to) + 1;
      const answer = rows.slice(start, at);
      consumed(loadOfSession.get(ses));
      return answer;
    },
    getSingleCoValueSession: ([rowID, sessionID]) => {
      const entry = coValues.get(rowID);
      if (entry === undefined) return MISS;
      const row = entry.sessions.get(sessionID);
      if (row !== undefined) return row === null ? undefined : { ...row };
      return entry.complete ? undefined : MISS;
    },
  };

  const receivers = {
    /** A load's answer (RowStore.loadCoValue): cojson gets the coValue row; the rest waits here. */
    getCoValue: ([id], raw) => {
      const load = parseJson(raw);
      if (load === undefined) return undefined;
      const { rowID } = load.coValue;
      learnSessionList(rowID, id, load.sessions);
      keepLoad(rowID, load, raw);
      return load.coValue;
    },
    /** upsertCoValue's answer for a tab (RowStore.upsertCoValueAndSessions): the rowID, with the sessions. */
    upsertCoValue: ([id], raw) => {
      const answer = parseJson(raw);
      if (answer === undefined) return undefined;
      learnSessionList(answer.rowID, id, answer.sessions);
      return answer.rowID;
    },
  };
  for (const [name, op] of Object.entries(OPERATIONS)) {
    if (op.forTab && !receivers[name]) throw new Error(`readCache.js has no receiver for ${name}'s answer to a tab`);
  }

  return {
    /** The answer to `name(...wire)` from what this tab knows, or MISS. */
    read: (name, wire) => (Object.hasOwn(local, name) ? local[name](wire) : MISS),

    /** Whether `name` is answered through receive() (the owner serves a tab its forTab variant). */
    receives: (name) => Object.hasOwn(receivers, name),

    /** cojson's value of a forTab answer; what it carries for the next reads is kept. */
    receive: (name, wire, raw) => receivers[name](wire, raw),

    /** Learns from a value the owner answered (copies: cojson may mutate what it gets). */
    learn(name, wire, value) {
      if (name === "getCoValueSessions" && Array.isArray(value)) {
        learnSessionList(wire[0], undefined, value);
      } else if (name === "getSingleCoValueSession") {
        learnSession(wire[0], wire[1], value);
      }
    },

    /** The id of coValue `rowID`, where known (a commit re-checks it). */
    idOf: (rowID) => coValues.get(rowID)?.id,

    /**
     * After this tab's commit: the session rows it wrote, as they now are (`rowIDs` replaces the
     * provisional ones), and no snapshot of a CoValue it wrote to (see 1. above).
     */
    committed(writes, rowIDs) {
      for (const { name, wire, rowID } of writes) {
        if (name === "addSessionUpdate") {
          // rowID: what this tab handed to cojson, the session's real rowID or a provisional one.
          const [coValueRowID, sessionID, lastIdx, lastSignature, bytes] = wire;
          dropLoad(coValueRowID);
          const row = { rowID: rowID > 0 ? rowID : rowIDs[-rowID - 1], coValue: coValueRowID, sessionID, lastIdx,
            lastSignature };
          if (bytes >= 0) row.bytesSinceLastSignature = bytes;
          coValue(coValueRowID).sessions.set(sessionID, row);
        } else if (name === "deleteCoValueContent") {
          // The erase kept the coValue's delete sessions, which this tab may not know: forget its sessions.
          const [coValueRowID] = wire;
          dropLoad(coValueRowID);
          const entry = coValues.get(coValueRowID);
          if (entry !== undefined) {
            entry.sessions = new Map();
            entry.complete = false;
          }
        }
      }
    },

    /** After a conflict: the current rows of the session checks, for the retry. */
    conflicted(sessionChecks, currentRows) {
      sessionChecks.forEach(([rowID, sessionID], i) => learnSession(rowID, sessionID, currentRows[i] ?? undefined));
    },

    /** Forgets everything (the store behind this tab was replaced). */
    clear() {
      coValues.clear();
      rowIDOfId.clear();
      for (const rowID of [...loads.keys()]) dropLoad(rowID);
    },
  };
}
