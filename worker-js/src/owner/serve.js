// What the owner worker does with one request of a tab, on the store it owns. The cojson
// operations it serves come from the operation table (src/protocol/operations.js): every one that
// reaches the engine by itself (reads, writes outside a transaction, fire-and-forget writes, and
// reads inside a transaction, run in an engine transaction that is then closed), in its variant for
// a tab where the table has one, and a tab's commit. Their answers go back as the engine gave them:
// JSON bytes pass through untouched. A request's handler gets report(progress) for long jobs
// (migrateFromIndexedDB), which reaches the tab as progress messages.

import { engineRows } from "../cojson/handles.js";
import { migrateFromIndexedDB } from "../migration/migrateFromIndexedDB.js";
import { storeError } from "../protocol/errors.js";
import { checkWire, KIND, OPERATIONS, TAB_OPERATIONS } from "../protocol/operations.js";

const SERVED_KINDS = new Set([KIND.READ, KIND.WRITE, KIND.FIRE_AND_FORGET, KIND.TX_READ]);

/** name → { wire, engine, inTransaction } of every engine request a tab may send. */
export const SERVED = new Map([
  ...Object.entries(OPERATIONS).filter(([, op]) => SERVED_KINDS.has(op.kind)).map(([name, op]) => [name,
    { wire: op.wire, engine: op.forTab?.engine ?? op.engine, inTransaction: op.kind === KIND.TX_READ }]),
  ...Object.entries(TAB_OPERATIONS).map(([name, op]) => [name, { wire: op.wire, engine: op.engine, inTransaction: false }]),
]);

/** (request, report) → the answer's value, for the store this worker owns as `ownerId`. */
export function createServer(store, ownerId) {
  const ops = {
    hello: () => {
      const { engine, persistent } = store.stats();
      return { ownerId, engine, persistent };
    },
    stats: () => ({ ...store.stats(), ownerId }),
    verify: () => store.verify(),
    // The owner serves one request at a time, so no other tab writes while the migration runs.
    migrateFromIndexedDB: ([indexedDBName], report) => migrateFromIndexedDB(store, { indexedDBName, onProgress: report }),
  };
  return async ({ op, args }, report) => {
    const served = SERVED.get(op);
    if (served !== undefined) return serveEngine(engineRows(store), op, served, args);
    if (Object.hasOwn(ops, op)) return ops[op](args, report);
    throw storeError("INVALID_ARGUMENT", `unknown storage request ${JSON.stringify(op)}`);
  };
}

/** One engine call; a read inside a transaction runs in one that is closed (rolled back) after. */
export function serveEngine(rows, name, served, wire) {
  checkWire(name, served.wire, wire);
  if (!served.inTransaction) return served.engine(rows, ...wire);
  const tx = rows.begin();
  try {
    return served.engine(tx, ...wire);
  } finally {
    tx.close();
  }
}

/** A server for a worker whose store would not open: every request gets that error. */
export function failingServer(error) {
  return async () => {
    throw error;
  };
}
