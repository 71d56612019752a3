// Entry `cojson-storage-opfs/worker`: a store in an Origin Private File System file, for code
// running inside a dedicated Web Worker (the only place sync access handles exist).

import { storeError } from "./engines.js";
import { loadEngine } from "./browserEngines.js";
import { wrapStore } from "./store.js";

/**
 * Opens (creating if needed) the store in the OPFS file `name`.
 * `engine`: "auto" (Wasm GC where the browser runs it, else JS), "wasm-gc" or "js".
 * The store holds the file's sync access handle, which is exclusive: close the store to let
 * another worker open it.
 */
export async function openOpfsStore({ name = "jazz-storage", engine = "auto" } = {}) {
  const api = await loadEngine(engine);
  if (!api.isOpfsSupported()) {
    throw storeError("INVALID_ARGUMENT", "OPFS sync access handles exist only in a dedicated Web Worker of a secure context");
  }
  const root = await navigator.storage.getDirectory();
  const file = await root.getFileHandle(name, { create: true });
  let handle;
  try {
    handle = await file.createSyncAccessHandle();
  } catch (e) {
    if (e && e.name === "NoModificationAllowedError") {
      throw storeError("LOCKED", `OPFS file ${name} is open elsewhere; close that store first`, e);
    }
    throw e;
  }
  // From here the engine owns the handle: it closes it on close() and on a failed open.
  return wrapStore(api.openHandle(handle, name));
}
