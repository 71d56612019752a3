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
  /**
   * The package's storage worker script, for bundlers that do not follow `new URL("…", import.meta.url)`
   * (esbuild): one script for whichever build runs, or one per build. Default: the package's
   * src/owner/owner-worker.js (Wasm GC) and src/owner/owner-worker-js.js (JS).
   */
  workerUrl?: string | URL | { "wasm-gc"?: string | URL; js?: string | URL };
  /**
   * Where the browser refuses OPFS (Firefox private browsing): "memory" (default) runs the store in
   * memory in the owner worker, shared by every tab of the session and lost when they close, with
   * one console warning and `stats().persistent === false`; "error" rejects with UNSUPPORTED_RUNTIME.
   */
  fallback?: "memory" | "error";
  /** Asks navigator.storage.persist() (never awaited by the open); `stats().persisted` shows the answer. */
  persist?: boolean;
}

/**
 * When each start-up step of this client's worker happened, in ms since this tab's navigation
 * start (its performance.timeOrigin); undefined for a step that did not happen in this client's
 * worker (a worker routed to another tab's owner opens no file).
 */
export interface OpfsStartupTimeline {
  /** The tab created the worker (at the package's import, or its /preload's). */
  workerCreated: number | undefined;
  /** The worker's script began to run. */
  scriptRunning: number | undefined;
  /** The store's Web Lock was granted: this worker owns the store. */
  lockGranted: number | undefined;
  /** The engine build was loaded (Wasm GC: fetched, compiled and instantiated). */
  engineReady: number | undefined;
  /** The OPFS file's sync access handle was opened. */
  handleOpened: number | undefined;
  /** The store was open on the file (or in memory, on the fallback). */
  storeOpened: number | undefined;
  /** The tab received the first answer from its worker. */
  firstAnswer: number | undefined;
}

/** What stats() of the main-thread client resolves with. */
export type OpfsClientStats = StoreStats & {
  /** The worker that owns the store. */
  ownerId: string;
  /** This client's worker. */
  clientId: string;
  /** True on the OPFS file, false on the in-memory fallback. */
  persistent: boolean;
  /**
   * With `persist: true`, the answer of navigator.storage.persist() (while the browser still asks
   * its user, whether the storage is persisted now); else undefined.
   */
  persisted: boolean | undefined;
  startup: OpfsStartupTimeline;
};

/** Round trips since the client opened: messages to the worker (each one answered), requests, commits, conflicts. */
export interface OpfsClientRoundTrips {
  /** Messages to the worker, each answered: the round trips. */
  messages: number;
  requests: number;
  /** Requests sent, by operation ("commit" for a transaction's writes). */
  byOp: Record<string, number>;
  commits: number;
  conflicts: number;
  /** Calls this tab answered without a request (the rest of a load, known rowIDs and session rows), by operation. */
  answeredLocally: Record<string, number>;
}

/** cojson's DBClientInterfaceAsync on the main thread, plus the store's housekeeping. */
export interface OpfsClient extends DBClientInterfaceAsync {
  /** The owning worker's engine counters, who owns the store, whether it persists, and this client's start-up timeline. */
  stats(): Promise<OpfsClientStats>;
  /** Rejects with code CORRUPT naming the first damage found. */
  verify(): Promise<void>;
  roundTrips(): OpfsClientRoundTrips;
  /**
   * Copies the cojson-storage-indexeddb database `indexedDBName` (default "jazz-storage") into this
   * store once, in the owning worker (as migrateFromIndexedDB of cojson-storage-opfs/worker);
   * resumes an interrupted one; resolves with `alreadyDone: true` once it finished before.
   */
  migrateFromIndexedDB(options?: IndexedDBMigrationOptions): Promise<MigrationResult>;
  /**
   * Waits for this client's requests, then stops its worker; a worker that owned the file releases
   * it to another tab. Closing the StorageApiAsync of getOpfsStorage() (node.gracefulShutdown())
   * calls it.
   */
  close(): Promise<void>;
}

/**
 * Starts the storage worker now, for the next getOpfsStorage() or openOpfsClient() with the same
 * `engine` and `workerUrl` to adopt, and opens the store `name` in it (default: "jazz-storage" only
 * if that file exists already; a name given is created). Importing this entry or /preload does it
 * with the defaults; apps that pass a workerUrl (esbuild) call it first thing.
 */
export function preloadOpfsStorage(options?: Pick<OpfsClientOptions, "name" | "engine" | "workerUrl" | "fallback">): void;

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
 * cojson-storage-indexeddb database into the store, once. Its close() (cojson's
 * node.gracefulShutdown(), jazz-tools' log out) also closes the client and its worker.
 */
export function getOpfsStorage(
  options?: OpfsClientOptions & { migrateFromIndexedDB?: boolean | IndexedDBMigrationOptions },
): Promise<StorageApiAsync>;
export type { MigrationProgress, MigrationResult } from "./worker.js";

export type { Durability, Store, StoreError, StoreErrorCode, StoreStats } from "./store.js";
