import type { Durability, Store } from "./store.js";

/**
 * Opens (creating if needed) the store in the OPFS file `name` (default "jazz-storage"), inside a
 * dedicated Web Worker; elsewhere rejects with code UNSUPPORTED_RUNTIME. Opening a name already
 * open in this worker gives another handle on the same store; another worker gets LOCKED.
 */
export function openOpfsStore(options?: { name?: string; engine?: "auto" | "wasm-gc" | "js"; durability?: Durability }): Promise<Store>;
export type { Durability, Store } from "./store.js";

/** One report of migrateFromIndexedDB: `done` of `total` CoValues; `phase` "done" comes last. */
export interface MigrationProgress {
  done: number;
  total: number;
  phase: "coValues" | "finishing" | "done";
}

/** What one call of migrateFromIndexedDB wrote (0 everywhere when `alreadyDone`). */
export interface MigrationResult {
  /** CoValues this call wrote something of. */
  coValues: number;
  /** Sessions this call wrote transactions (or the state) of. */
  sessions: number;
  transactions: number;
  /** Checkpoint signatures. */
  signatures: number;
  /** CoValues the store already held as the database does (copied by an interrupted earlier call). */
  skipped: number;
  /** Milliseconds this call took. */
  ms: number;
  /** True when an earlier call finished the migration: nothing was read or written. */
  alreadyDone: boolean;
}

/**
 * Copies what cojson-storage-indexeddb stored in the IndexedDB database `indexedDBName` (default
 * "jazz-storage") into `store`: every CoValue's header, sessions, transactions and checkpoint
 * signatures, the sync-tracking entries and the delete queue. The database is only read. Once it
 * finished, the store records it (atomically with the last rows), and later calls resolve at once
 * with `alreadyDone: true`. Interrupted (worker ended, `signal` aborted: rejects with code
 * ABORTED), the next call continues where it stopped. A missing database copies nothing and is
 * not created. `onProgress` runs at the start, after every 100 CoValues and at the end.
 */
export function migrateFromIndexedDB(
  store: Store,
  options?: { indexedDBName?: string; onProgress?: (progress: MigrationProgress) => void; signal?: AbortSignal },
): Promise<MigrationResult>;

/**
 * Read-only salvage of the OPFS file `name` when it no longer opens (CORRUPT): the CoValues that are
 * provably complete, copied into a fresh store's bytes (open them with openMemoryStore({ bytes }) or
 * write them to a new OPFS file). Never writes to the damaged file. LOCKED while the file is open.
 */
export function salvageOpfsStore(options: { name: string; engine?: "auto" | "wasm-gc" | "js" }): Promise<import("./memory.js").Salvage>;
