import type { DBClientInterfaceAsync, StorageApiAsync } from "cojson";
import type { StoreErrorCode, StoreStats } from "./store.js";
import type { MigrationProgress, MigrationResult } from "./worker.js";

/** True inside a Web Worker. */
export function isInWorker(): boolean;
/** True where `cojson-storage-opfs/worker` can open a store (a dedicated worker with OPFS sync access handles). */
export function supportsOpfs(): boolean;

/** The codes of the main-thread client's errors: the store's, plus UNAVAILABLE and CONFLICT. */
export type OpfsClientErrorCode =
  /** No worker owned the store for 30 s while the request waited (every other tab gone or stuck opening the file). */
  | "UNAVAILABLE"
  /** A transaction's reads were changed by other tabs on every one of its 11 attempts; nothing was written. */
  | "CONFLICT"
  | StoreErrorCode;

export interface OpfsClientOptions {
  /** The OPFS file; every tab of the origin opening the same name shares one store. Default "jazz-storage". */
  name?: string;
  /** The engine build the owner worker runs: "auto" (Wasm GC where supported, else JS), "wasm-gc" or "js". */
  engine?: "auto" | "wasm-gc" | "js";
  /** The package's owner worker script, for bundlers that need it given explicitly (default: the package's src/owner/owner-worker.js). */
  workerUrl?: string | URL;
}

/** Round trips since the client opened: messages to the worker (each one answered), requests, commits, conflicts. */
export interface OpfsClientRoundTrips {
  messages: number;
  requests: number;
  byOp: Record<string, number>;
  commits: number;
  conflicts: number;
}

/** cojson's DBClientInterfaceAsync on the main thread, plus the store's housekeeping. */
export interface OpfsClient extends DBClientInterfaceAsync {
  /** The owning worker's engine counters, `ownerId` (that worker) and `clientId` (this client's worker). */
  stats(): Promise<StoreStats & { ownerId: string; clientId: string }>;
  /** Rejects with code CORRUPT naming the first damage found. */
  verify(): Promise<void>;
  roundTrips(): OpfsClientRoundTrips;
  /**
   * Copies the cojson-storage-indexeddb database `indexedDBName` (default "jazz-storage") into this
   * store once, in the owning worker (as migrateFromIndexedDB of cojson-storage-opfs/worker);
   * resumes an interrupted one; resolves with `alreadyDone: true` once it finished before.
   */
  migrateFromIndexedDB(options?: IndexedDBMigrationOptions): Promise<MigrationResult>;
  /** Waits for this client's requests, then stops its worker; a worker that owned the file releases it to another tab. */
  close(): Promise<void>;
}

/** The main-thread client of the store `name`; resolves once a worker (this tab's or another's) has the file open. */
export function openOpfsClient(options?: OpfsClientOptions): Promise<OpfsClient>;
/** Which cojson-storage-indexeddb database to copy, and a callback for progress reports. */
export interface IndexedDBMigrationOptions {
  indexedDBName?: string;
  onProgress?: (progress: MigrationProgress) => void;
}

/**
 * cojson's storage for a browser tab: `storage: await getOpfsStorage()`, where an app had
 * `await getIndexedDBStorage()`. `migrateFromIndexedDB` (true or its options) first copies the app's
 * cojson-storage-indexeddb database into the store, once.
 */
export function getOpfsStorage(
  options?: OpfsClientOptions & { migrateFromIndexedDB?: boolean | IndexedDBMigrationOptions },
): Promise<StorageApiAsync>;
export type { MigrationProgress, MigrationResult } from "./worker.js";

export type { Durability, Store, StoreError, StoreErrorCode, StoreStats } from "./store.js";
