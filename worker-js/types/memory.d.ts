import type { Durability, Store } from "./store.js";

/**
 * A store in memory, in any JS runtime: empty, or on a copy of `bytes` (from `exportBytes()`).
 * With a `name`, opening it again while open gives another handle on the same store.
 */
export function openMemoryStore(options?: { name?: string; bytes?: Uint8Array | ArrayBuffer; durability?: Durability }): Store;
export type { Durability, Store } from "./store.js";

/** What a salvage of a damaged store found. */
export interface Salvage {
  /** A fresh, valid store holding only the intact CoValues: openMemoryStore({ bytes }) opens it. */
  bytes: Uint8Array;
  /** Ids of the CoValues kept: each is exactly as it was (header, every session, every transaction, signatures). */
  intact: string[];
  /** Ids of the CoValues left out, or descriptions where the id itself is unreadable. */
  damaged: string[];
  /** What was damaged, one line each (header slot, page ids, log), in words. */
  report: string;
}

/**
 * Read-only salvage of a damaged store's file bytes: the CoValues that are provably complete, copied
 * into a fresh store. Never changes `bytes`. Throws INVALID_ARGUMENT for anything but bytes.
 */
export function salvageMemoryStore(options: { bytes: Uint8Array | ArrayBuffer }): Salvage;
