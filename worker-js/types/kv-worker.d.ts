/** A write batch: reads see its own writes; commit() makes all of it durable, or none of it. */
export interface KvBatch {
  put(key: string, value: string): void;
  delete(key: string): void;
  /** The value as this batch sees it, or null. */
  get(key: string): string | null;
  commit(): void;
  rollback(): void;
}

/** The engine's plain key-value store: string keys and values, entries in UTF-8 key order. */
export interface KvStore {
  begin(): KvBatch;
  get(key: string): string | null;
  /** Every entry with from <= key < to; a missing bound is unbounded. */
  scan(from?: string | null, to?: string | null): [string, string][];
  scanPrefix(prefix: string): [string, string][];
  /** Counters; `engine` says which build runs. */
  stats(): { engine: "wasm-gc" | "js"; [counter: string]: number | string };
  /** Throws an Error with code CORRUPT naming the first damage found. */
  verify(): void;
  close(): void;
}

/**
 * Opens (creating if needed) the key-value store in the OPFS file `name` (default "jazz-storage"),
 * inside a dedicated Web Worker. The file's sync access handle is exclusive: another worker gets
 * code LOCKED until this store is closed.
 */
export function openOpfsStore(options?: { name?: string; engine?: "auto" | "wasm-gc" | "js" }): Promise<KvStore>;
