import type { Durability, Store } from "./store.js";

/**
 * Opens (creating if needed) the store in the OPFS file `name` (default "jazz-storage"), inside a
 * dedicated Web Worker; elsewhere rejects with code UNSUPPORTED_RUNTIME. Opening a name already
 * open in this worker gives another handle on the same store; another worker gets LOCKED.
 */
export function openOpfsStore(options?: { name?: string; engine?: "auto" | "wasm-gc" | "js"; durability?: Durability }): Promise<Store>;
export type { Durability, Store } from "./store.js";
