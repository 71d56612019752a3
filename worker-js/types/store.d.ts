import type { DBClientInterfaceAsync, DBClientInterfaceSync } from "cojson";

/** The codes of the `Error`s the package throws (`error.code`). */
export type StoreErrorCode =
  | "INVALID_ARGUMENT" | "CLOSED" | "LOCKED" | "IO" | "QUOTA" | "CORRUPT" | "UNSUPPORTED_FORMAT"
  | "FAILED" | "ILLEGAL_STATE" | "UNSUPPORTED_RUNTIME" | "ABORTED";

export interface StoreError extends Error {
  code: StoreErrorCode;
}

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
  /** Throws a StoreError with code CORRUPT naming the first damage found. */
  verify(): void;
  /** A copy of the store's file bytes; `openMemoryStore({ bytes })` opens the same rows. */
  exportBytes(): Uint8Array;
  /** Releases this handle; the last handle closes the store and its file. Closing twice is harmless. */
  close(): void;
}
