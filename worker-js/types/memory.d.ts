import type { Durability, Store } from "./store.js";

/**
 * A store in memory, in any JS runtime: empty, or on a copy of `bytes` (from `exportBytes()`).
 * With a `name`, opening it again while open gives another handle on the same store.
 */
export function openMemoryStore(options?: { name?: string; bytes?: Uint8Array | ArrayBuffer; durability?: Durability }): Store;
export type { Durability, Store } from "./store.js";
