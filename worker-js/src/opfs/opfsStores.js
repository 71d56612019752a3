// Opening and salvaging OPFS stores with a loaded engine build: the body of the /worker entry's
// openOpfsStore and salvageOpfsStore, shared with the package's storage worker.

import { storeError } from "../engines.js";
import { isOpen, openShared } from "../cojson/handles.js";
import { durability as durabilityOption, optionalName, options } from "../cojson/options.js";
import { salvageResult } from "../cojson/salvage.js";
import { opfsFile, syncAccessHandle } from "./opfsFiles.js";

// Opens in progress, by key: a second open of the same name waits for the first and then shares
// its store, instead of racing it for the exclusive sync access handle.
const opening = new Map();

const NOT_HERE = "OPFS sync access handles exist only in a dedicated Web Worker of a secure context; "
  + "use cojson-storage-opfs/memory elsewhere (getOpfsStorage() on a page starts such a worker itself)";

/** True where sync access handles exist (the engine's isOpfsSupported(), asked before the engine loads). */
export function hasSyncAccessHandles() {
  return typeof FileSystemSyncAccessHandle === "function";
}

/**
 * The store in the OPFS file `name` (options as openOpfsStore's) on the engine build that
 * `loadEngine()` loads (a promise of its exports): the file is opened while the engine loads.
 */
export async function openOpfsStoreWith(loadEngine, opts) {
  const { name = "jazz-storage", durability } = options(opts, "openOpfsStore");
  optionalName(name, "name");
  const mode = durabilityOption(durability);
  if (!hasSyncAccessHandles()) throw storeError("UNSUPPORTED_RUNTIME", NOT_HERE);
  const key = `opfs:${name}`;
  while (opening.has(key)) {
    await opening.get(key).catch(() => undefined);
  }
  if (isOpen(key)) {
    return openShared(key, () => { throw storeError("ILLEGAL_STATE", "store closed while opening"); }, undefined, mode);
  }
  // The file's handle is requested while the engine loads; if the engine fails, the handle is let go.
  const handle = opfsFile(name).then((file) => syncAccessHandle(file, name));
  const acquiring = Promise.all([loadEngine(), handle]);
  acquiring.catch(() => handle.then((h) => h.close(), () => undefined));
  opening.set(key, acquiring);
  try {
    const [api, handle] = await acquiring;
    // From here the engine owns the handle: it closes it on close() and on a failed open.
    return openShared(key, () => api.openRowsHandleWith(handle, name, mode), undefined, mode);
  } finally {
    opening.delete(key);
  }
}

/** salvageOpfsStore of the /worker entry on the engine build that `loadEngine()` loads. */
export async function salvageOpfsStoreWith(loadEngine, opts) {
  const { name } = options(opts, "salvageOpfsStore");
  if (name === undefined) throw storeError("INVALID_ARGUMENT", "salvageOpfsStore needs the name of the OPFS file");
  optionalName(name, "name");
  if (!hasSyncAccessHandles()) throw storeError("UNSUPPORTED_RUNTIME", NOT_HERE);
  const api = await loadEngine();
  if (isOpen(`opfs:${name}`) || opening.has(`opfs:${name}`)) {
    throw storeError("LOCKED", `OPFS file ${name} is open in this worker; close it before salvaging`);
  }
  // The engine reads through the handle and closes it when done.
  return salvageResult(api.salvageRowsHandle(await syncAccessHandle(await opfsFile(name, false), name), name));
}
