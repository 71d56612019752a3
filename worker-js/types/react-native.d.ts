import type { Durability, Store, StoreStats } from "./store.js";
import type { Salvage } from "./memory.js";

/**
 * A file the app opens and hands to openFileStore: a small synchronous interface, for a native
 * module with pread, pwrite, fstat, ftruncate and fsync (a JSI module, say), or built by
 * fromExpoFileHandle over expo-file-system. The store owns it once opened: it closes it on close().
 */
export interface AppFile {
  /** Up to `length` bytes at byte offset `at`; fewer only at the end of the file. */
  read(at: number, length: number): Uint8Array;
  /**
   * Writes all of `bytes` at `at`. `at` is never past the end of the file (the store writes the
   * zeros of a gap itself). `bytes` is valid only during the call: copy it.
   */
  write(at: number, bytes: Uint8Array): void;
  /** The file's size in bytes. */
  size(): number;
  /**
   * Sets the file's size (ftruncate). Optional: without it the store takes the smaller size for
   * the session and the file keeps its bytes (it never shrinks on disk).
   */
  truncate?(size: number): void;
  /**
   * Makes every write so far durable (fsync; on iOS fcntl F_FULLFSYNC). Optional: without it the
   * writes are only handed to the OS, which survives the app being killed but not the phone losing
   * power or crashing (see the README, "React Native").
   */
  flush?(): void;
  close(): void;
}

/** The part of expo-file-system's FileHandle (`new File(...).open()`) the adapter uses. */
export interface ExpoFileHandleLike {
  readBytesSync(length: number): Uint8Array;
  writeBytesSync(bytes: Uint8Array): void;
  offset: number | null;
  readonly size: number | null;
  close(): void;
}

/** The part of react-native's AppState the store uses. */
export interface AppStateLike {
  addEventListener(type: "change", listener: (state: string) => void): { remove(): void };
}

/** What the store did for what the app file lacks, since it opened. */
export interface AppFileStats {
  /** Gaps before a write past the end, written as zeros. */
  zeroFills: number;
  zeroFilledBytes: number;
  /** Truncates the file could not do (no truncate): the bytes stayed. */
  truncatesKept: number;
  /** Flushes the file could not do (no flush). */
  flushesSkipped: number;
}

export interface FileStore extends Store {
  stats(): StoreStats & { appFile: AppFileStats };
}

/** An app file over an open Expo FileHandle (read-write): it has no flush and no truncate. */
export function fromExpoFileHandle(handle: ExpoFileHandleLike): AppFile;

/**
 * Opens (creating if empty) the store in `file`, synchronously. The default durability on a phone
 * is "relaxed": commits return at once and are flushed when the app leaves the foreground
 * (`appState`: react-native's AppState; null where there is no app lifecycle), every `flushEveryMs`
 * (default 1000; 0: never) while any are pending, and on close(). "durable": every commit is written
 * and flushed before it returns. Throws INVALID_ARGUMENT (a bad file or option, relaxed without
 * appState), LOCKED (the file is open in another store), UNSUPPORTED_RUNTIME (no TextDecoder:
 * import Jazz's React Native polyfills first), CORRUPT.
 */
export function openFileStore(options: {
  file: AppFile;
  durability?: Durability;
  appState?: AppStateLike | null;
  flushEveryMs?: number;
}): FileStore;

/**
 * A store in memory, synchronously: empty, or on a copy of `bytes` (from `exportBytes()`). With a
 * `name`, opening it again while open gives another handle on the same store.
 */
export function openMemoryStore(options?: { name?: string; bytes?: Uint8Array | ArrayBuffer; durability?: Durability }): Store;

/**
 * Read-only salvage of a damaged store's file (when it throws CORRUPT): the CoValues that are
 * provably complete, in a fresh store's bytes. Never writes to `file`; closes it when done.
 */
export function salvageFileStore(options: { file: AppFile }): Salvage;

export type { Durability, Salvage, Store, StoreStats };
