// Entry `cojson-storage-opfs/worker`: cojson's storage in an Origin Private File System file, for
// code running inside a dedicated Web Worker (the only place sync access handles exist), next to
// the app's own cojson. Both engine builds come with it (browserEngines.js).

import "../cojson/useCojson.js";
import { loadEngine } from "../browserEngines.js";
import { engineBuild } from "../engines.js";
import { options } from "../cojson/options.js";
import { openOpfsStoreWith, salvageOpfsStoreWith } from "../opfs/opfsStores.js";

export { migrateFromIndexedDB } from "../migration/migrateFromIndexedDB.js";

/**
 * Opens (creating if needed) the store in the OPFS file `name` (default "jazz-storage").
 * `engine`: "auto" (Wasm GC where the browser runs it, else JS), "wasm-gc" or "js". Opening a
 * name already open in this worker gives another handle on the same store. `durability`:
 * "durable" (default: each commit flushed before it returns) or "relaxed" (see options.js).
 * Where OPFS is missing or refused (private browsing), rejects with UNSUPPORTED_RUNTIME.
 */
export async function openOpfsStore(opts) {
  const { engine = "auto" } = options(opts, "openOpfsStore");
  engineBuild(engine);
  return openOpfsStoreWith(() => loadEngine(engine), opts);
}

/**
 * Read-only salvage of the OPFS file `name` when it no longer opens (CORRUPT): resolves with
 * { bytes, intact, damaged, report }, where `bytes` is a fresh, valid store holding only the
 * CoValues that are provably complete; open it with openMemoryStore({ bytes }) or write it to a new
 * OPFS file. Never writes to the damaged file. The file must not be open in this worker (LOCKED).
 */
export async function salvageOpfsStore(opts) {
  const { engine = "auto" } = options(opts, "salvageOpfsStore");
  engineBuild(engine);
  return salvageOpfsStoreWith(() => loadEngine(engine), opts);
}
