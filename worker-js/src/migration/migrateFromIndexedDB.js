// migrateFromIndexedDB: copies what cojson-storage-indexeddb stored into an open store, once.
//
// Per page of 100 CoValues: their headers (upsertCoValue's rule: insert if absent), then their
// sessions, transactions and checkpoint signatures through the same tx calls cojson makes (so the
// rows are exactly what cojson would have stored), in engine transactions of about 4 MiB: the
// small CoValues of a page share one, a huge CoValue is cut into several. A cut falls only at the
// end of a segment, i.e. at a checkpoint signature or a session's end: each transaction leaves
// every session it touched at a state cojson itself could have written (lastIdx = checkpoint + 1,
// lastSignature = that checkpoint's signature), so a store interrupted between two is consistent.
//
// Resuming needs no journal: a CoValue whose sessions the store already holds up to the source's
// lastIdx is skipped, and a session the store holds in part continues after its stored lastIdx.
// The sync-tracking entries go in idempotently at the end; the delete queue and the completion
// record (meta entry `migration:indexeddb:<name>`) then go in one last transaction, so a store
// that says "done" holds everything.

import { storeError } from "../engines.js";
import { engineRows } from "../cojson/handles.js";
import { invalid, jsonText } from "../cojson/args.js";
import { optionalName, options } from "../cojson/options.js";
import { syncTransaction } from "../cojson/transaction.js";
import { indexedDbSource, openExistingDatabase } from "./indexedDbSource.js";

/** CoValues read per IndexedDB page; onProgress runs after each page. */
const PAGE_COVALUES = 100;
/**
 * Segments (runs of one session's transactions up to a checkpoint, so at most ~100 KiB plus one
 * transaction each) read per IndexedDB transaction: bounds the memory a read holds.
 */
const SEGMENTS_PER_READ = 128;
/** An engine transaction ends after the segment that brings it to about this many bytes of JSON. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Copies the IndexedDB database `indexedDBName` (default "jazz-storage") of
 * cojson-storage-indexeddb into `store` (from openOpfsStore), leaving the database untouched.
 * Resolves with what this call wrote: `{ coValues, sessions, transactions, signatures, skipped,
 * ms, alreadyDone }`. Once a migration finished, later calls resolve at once with
 * `alreadyDone: true`. A missing database is no error (nothing to copy) and is not created.
 * Interrupted (the worker ended, `signal` aborted: code ABORTED), the next call continues.
 */
export async function migrateFromIndexedDB(store, opts) {
  const started = performance.now();
  const { indexedDBName = "jazz-storage", onProgress, signal } = options(opts, "migrateFromIndexedDB");
  optionalName(indexedDBName, "indexedDBName");
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw invalid("onProgress must be a function");
  }
  if (signal !== undefined && (typeof signal !== "object" || signal === null || typeof signal.aborted !== "boolean")) {
    throw invalid("signal must be an AbortSignal");
  }
  const rows = engineRows(store);
  if (rows === undefined) {
    throw invalid("store must be a store opened by openOpfsStore (or another entry of cojson-storage-opfs)");
  }
  const counts = { coValues: 0, sessions: 0, transactions: 0, signatures: 0, skipped: 0 };
  const result = (alreadyDone) => ({ ...counts, ms: performance.now() - started, alreadyDone });
  const metaKey = `migration:indexeddb:${indexedDBName}`;
  if (rows.getMeta(metaKey) !== null) {
    return result(true);
  }
  checkAborted(signal);
  const db = await openExistingDatabase(indexedDBName);
  if (db === null) {
    return result(false);
  }
  const source = indexedDbSource(db);
  try {
    const total = await source.coValueCount();
    let done = 0;
    const progress = (phase) => onProgress?.({ done, total: Math.max(total, done), phase });
    progress("coValues");
    for (let afterRowID = 0; ;) {
      const page = await source.coValuesAfter(afterRowID, PAGE_COVALUES);
      if (page.length === 0) {
        break;
      }
      checkAborted(signal);
      const sessionsOfPage = await source.sessionsWithSignatures(page.map((row) => row.rowID));
      await copyPage(store.client, rows, source, page, sessionsOfPage, counts, signal);
      done += page.length;
      afterRowID = page[page.length - 1].rowID;
      progress("coValues");
    }
    checkAborted(signal);
    progress("finishing");
    await finish(store.client, rows, source, metaKey, { completedAt: Date.now(), coValues: done });
    progress("done");
    return result(false);
  } finally {
    source.close();
  }
}

function checkAborted(signal) {
  if (signal?.aborted) {
    throw storeError("ABORTED", "the migration was aborted; call migrateFromIndexedDB again to continue where it stopped",
      signal.reason);
  }
}

/**
 * Copies what the store lacks of a page of CoValues. Its missing segments are read from IndexedDB
 * SEGMENTS_PER_READ at a time (one read transaction each: per-transaction cost dominates small
 * CoValues); each read is then written synchronously, with the page's new headers in the first
 * engine transaction, so a page of small CoValues costs one commit instead of one per CoValue.
 */
async function copyPage(client, rows, source, page, sessionsOfPage, counts, signal) {
  const plans = page.map((row, i) => {
    const known = client.getCoValueKnownState(row.id);
    const plan = { row, known, coValueRowID: undefined, segments: [] };
    plan.segments = missingSegments(sessionsOfPage[i], known?.sessions ?? {}).map((s) => ({ ...s, plan }));
    if (known === undefined || plan.segments.length > 0) {
      counts.coValues++;
    } else {
      counts.skipped++;
    }
    return plan;
  });
  const segments = plans.flatMap((plan) => plan.segments);
  const touched = new Set();
  for (let at = 0; at === 0 || at < segments.length; at += SEGMENTS_PER_READ) {
    checkAborted(signal);
    const batch = segments.slice(at, at + SEGMENTS_PER_READ);
    const withRows = batch.filter((s) => s.toIdx >= s.fromIdx);
    const lists = withRows.length === 0 ? []
      : await source.transactions(withRows.map((s) => ({ ses: s.session.rowID, fromIdx: s.fromIdx, toIdx: s.toIdx })));
    withRows.forEach((segment, i) => {
      segment.rows = lists[i];
    });
    writeSegments(rows, at === 0 ? plans : [], batch, touched, counts);
  }
}

/**
 * The runs of transactions the store lacks, in order: per session from its stored lastIdx (0 when
 * absent) to the source's, cut after each checkpoint signature. Each segment carries the session
 * state it ends in and the signatures inside it. A session the store holds as far as the source
 * (or further: cojson kept writing to the store) gives none.
 */
function missingSegments(sessions, storedLastIdx) {
  const segments = [];
  for (const { session, signatures } of sessions) {
    const stored = storedLastIdx[session.sessionID];
    if (stored !== undefined && stored >= session.lastIdx) {
      continue;
    }
    let fromIdx = stored ?? 0;
    const signaturesFrom = (from, to) => signatures.filter((s) => s.idx >= from && s.idx <= to);
    for (const checkpoint of signatures) {
      if (checkpoint.idx < fromIdx || checkpoint.idx >= session.lastIdx - 1) {
        continue;
      }
      segments.push({
        session, fromIdx, toIdx: checkpoint.idx, signatures: signaturesFrom(fromIdx, checkpoint.idx),
        end: { lastIdx: checkpoint.idx + 1, lastSignature: checkpoint.signature, bytesSinceLastSignature: 0 },
      });
      fromIdx = checkpoint.idx + 1;
    }
    segments.push({
      session, fromIdx, toIdx: session.lastIdx - 1, signatures: signaturesFrom(fromIdx, session.lastIdx - 1),
      end: {
        lastIdx: session.lastIdx, lastSignature: session.lastSignature,
        bytesSinceLastSignature: session.bytesSinceLastSignature,
      },
    });
  }
  return segments;
}

/**
 * Upserts the headers of `plans` (cojson's rule: insert if absent, never overwrite) and writes
 * segments (their rows read) in engine transactions of about CHUNK_BYTES, each ending after a
 * segment, so each leaves every session at a state cojson could have written. Synchronous from
 * begin to commit: no other writer can come between (see RowTransaction.upsertCoValue).
 */
function writeSegments(rows, plans, segments, touched, counts) {
  let engineTx = rows.begin();
  let bytes = 0;
  try {
    for (const plan of plans) {
      const header = plan.known === undefined ? jsonText(plan.row.header, "header") : null;
      plan.coValueRowID = engineTx.upsertCoValue(plan.row.id, header);
    }
    for (const segment of segments) {
      engineTx ??= rows.begin();
      const tx = syncTransaction(engineTx);
      const { session, end } = segment;
      const sessionRowID = tx.addSessionUpdate({
        sessionUpdate: {
          coValue: segment.plan.coValueRowID, sessionID: session.sessionID, lastIdx: end.lastIdx,
          lastSignature: end.lastSignature, bytesSinceLastSignature: end.bytesSinceLastSignature,
        },
      });
      for (const { idx, tx: transaction } of segment.rows ?? []) {
        tx.addTransaction(sessionRowID, idx, transaction);
        bytes += approximateBytes(transaction);
      }
      for (const { idx, signature } of segment.signatures) {
        tx.addSignatureAfter({ sessionRowID, idx, signature });
      }
      counts.transactions += segment.rows?.length ?? 0;
      counts.signatures += segment.signatures.length;
      if (!touched.has(session.rowID)) {
        touched.add(session.rowID);
        counts.sessions++;
      }
      if (bytes >= CHUNK_BYTES) {
        engineTx.commit();
        engineTx = null;
        bytes = 0;
      }
    }
    engineTx?.commit();
  } catch (e) {
    engineTx?.close();
    throw e;
  }
}

/** The size of a transaction's payload, without serialising it twice. */
function approximateBytes(transaction) {
  return 100 + (transaction.changes?.length ?? transaction.encryptedChanges?.length ?? 0);
}

/**
 * The sync-tracking entries (idempotent, their own commit), then the delete queue and the
 * completion record in one transaction: "pending" entries are queued again, "done" ones erased
 * again (the source kept only their delete sessions, which were copied) and marked done; a "done"
 * entry without a CoValue row has nothing left to erase.
 */
async function finish(client, rows, source, metaKey, record) {
  const unsynced = await source.unsynced();
  const deleted = await source.deleted();
  if (unsynced.length > 0) {
    client.trackCoValuesSyncState(unsynced.map((u) => ({ id: u.coValueId, peerId: u.peerId, synced: false })));
  }
  const engineTx = rows.begin();
  try {
    const tx = syncTransaction(engineTx);
    for (const { coValueID, status } of deleted) {
      if (status !== "done") {
        tx.markCoValueAsDeleted(coValueID);
        continue;
      }
      const coValueRowID = client.upsertCoValue(coValueID);
      if (coValueRowID !== undefined) {
        engineTx.deleteCoValueContent(coValueRowID, coValueID);
      }
    }
    engineTx.putMeta(metaKey, JSON.stringify(record));
    engineTx.commit();
  } catch (e) {
    engineTx.close();
    throw e;
  }
}
