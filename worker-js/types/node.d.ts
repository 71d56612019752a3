import type { Durability, Store } from "./store.js";

/**
 * Opens (creating if needed) the store in the file `path`, under Node; elsewhere throws with code
 * UNSUPPORTED_RUNTIME. Opening a path already open in this process gives another handle on the
 * same store; the file closes with the last handle. While open, `<path>.lock` keeps other
 * processes out (they get code LOCKED); a lock left by a process that died is taken over.
 */
export function openFileStore(options: { path: string; durability?: Durability }): Store;
export type { Durability, Store } from "./store.js";
