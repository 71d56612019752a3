import type { Store } from "./store.js";

/**
 * Opens (creating if needed) the store in the OPFS file `name` (default "jazz-storage"), inside a
 * dedicated Web Worker; elsewhere rejects with code UNSUPPORTED_RUNTIME. Opening a name already
 * open in this worker gives another handle on the same store; another worker gets LOCKED.
 */
export function openOpfsStore(options?: { name?: string; engine?: "auto" | "wasm-gc" | "js" }): Promise<Store>;
export type { Store } from "./store.js";

/**
 * Read-only salvage of the OPFS file `name` when it no longer opens (CORRUPT): the CoValues that are
 * provably complete, copied into a fresh store's bytes (open them with openMemoryStore({ bytes }) or
 * write them to a new OPFS file). Never writes to the damaged file. LOCKED while the file is open.
 */
export function salvageOpfsStore(options: { name: string; engine?: "auto" | "wasm-gc" | "js" }): Promise<import("./memory.js").Salvage>;
