import type { DBClientInterfaceAsync, DBClientInterfaceSync } from "cojson";

/**
 * The codes of the `Error`s the package throws (`error.code`): the one list of the engine's
 * ErrorCode.java, in its order (a test compares them). UNAVAILABLE and CONFLICT come only from the
 * main-thread client, ABORTED from the migration.
 */
export type StoreErrorCode =
  | "CORRUPT" | "UNSUPPORTED_FORMAT" | "IO" | "QUOTA" | "CLOSED" | "FAILED" | "INVALID_ARGUMENT"
  | "LOCKED" | "ILLEGAL_STATE" | "UNSUPPORTED_RUNTIME" | "UNAVAILABLE" | "CONFLICT" | "ABORTED";

export interface StoreError extends Error {
  code: StoreErrorCode;
  /** What caused it, where known (an engine error's Java cause, the browser's DOMException, ...), kept across postMessage. */
  cause?: unknown;
}

/**
 * When a commit reaches stable storage. "durable" (the default): each commit is written and
 * flushed before it returns. "relaxed": commits apply at once and their log is written and flushed
 * by `flush()`, `close()`, a checkpoint, or once 1 MiB of it is pending; a crash may lose that
 * unflushed tail of commits (never part of one, never anything older). Every handle on one open
 * store must ask for the same durability (else INVALID_ARGUMENT).
 */
export type Durability = "durable" | "relaxed";

/** The engine's counters; `engine` says which build runs. */
export interface StoreStats {
  engine: "wasm-gc" | "js";
  /** Open handles on this store in this JS realm. */
  handles: number;
  fileBytes: number;
  commits: number;
  flushes: number;
  [counter: string]: number | string;
}

/** One handle on an open store. Every method throws a StoreError with code CLOSED after close(). */
export interface Store {
  /** cojson's sync client: `new StorageApiSync(store.client)`. */
  client: DBClientInterfaceSync;
  /** cojson's async client: `new StorageApiAsync(store.asyncClient)`. */
  asyncClient: DBClientInterfaceAsync;
  stats(): StoreStats;
  /**
   * Makes every commit so far durable: under durability "relaxed" writes and flushes the commits
   * held in memory; under "durable" (the default) every commit already is, and it does nothing.
   */
  flush(): void;
  /** Throws a StoreError with code CORRUPT naming the first damage found. */
  verify(): void;
  /** A copy of the store's file bytes; `openMemoryStore({ bytes })` opens the same rows. */
  exportBytes(): Uint8Array;
  /** Releases this handle; the last handle closes the store and its file. Closing twice is harmless. */
  close(): void;
}
