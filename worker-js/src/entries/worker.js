// Entry `cojson-storage-opfs/worker`: cojson's storage in an Origin Private File System file, for
// code running inside a dedicated Web Worker (the only place sync access handles exist).

import { loadEngine, storeError } from "../engines.js";
import { isOpen, openShared } from "../cojson/handles.js";
import { durability as durabilityOption, optionalName, options } from "../cojson/options.js";
import { salvageResult } from "../cojson/salvage.js";

export { migrateFromIndexedDB } from "../migration/migrateFromIndexedDB.js";

// Opens in progress, by key: a second open of the same name waits for the first and then shares
// its store, instead of racing it for the exclusive sync access handle.
const opening = new Map();

/**
 * Opens (creating if needed) the store in the OPFS file `name` (default "jazz-storage").
 * `engine`: "auto" (Wasm GC where the browser runs it, else JS), "wasm-gc" or "js". Opening a
 * name already open in this worker gives another handle on the same store. `durability`:
 * "durable" (default: each commit flushed before it returns) or "relaxed" (see options.js).
 */
export async function openOpfsStore(opts) {
  const { name = "jazz-storage", engine = "auto", durability } = options(opts, "openOpfsStore");
  optionalName(name, "name");
  const mode = durabilityOption(durability);
  const api = await loadEngine(engine);
  if (!api.isOpfsSupported()) {
    throw storeError("UNSUPPORTED_RUNTIME",
      "OPFS sync access handles exist only in a dedicated Web Worker of a secure context; use cojson-storage-opfs/memory elsewhere");
  }
  const key = `opfs:${name}`;
  while (opening.has(key)) {
    await opening.get(key).catch(() => undefined);
  }
  if (isOpen(key)) {
    return openShared(key, () => { throw storeError("ILLEGAL_STATE", "store closed while opening"); }, undefined, mode);
  }
  const acquiring = acquireHandle(name);
  opening.set(key, acquiring);
  try {
    const handle = await acquiring;
    // From here the engine owns the handle: it closes it on close() and on a failed open.
    return openShared(key, () => api.openRowsHandleWith(handle, name, mode), undefined, mode);
  } finally {
    opening.delete(key);
  }
}

/**
 * Read-only salvage of the OPFS file `name` when it no longer opens (CORRUPT): resolves with
 * { bytes, intact, damaged, report }, where `bytes` is a fresh, valid store holding only the
 * CoValues that are provably complete; open it with openMemoryStore({ bytes }) or write it to a new
 * OPFS file. Never writes to the damaged file. The file must not be open in this worker (LOCKED).
 */
export async function salvageOpfsStore(opts) {
  const { name, engine = "auto" } = options(opts, "salvageOpfsStore");
  if (name === undefined) throw storeError("INVALID_ARGUMENT", "salvageOpfsStore needs the name of the OPFS file");
  optionalName(name, "name");
  const api = await loadEngine(engine);
  if (!api.isOpfsSupported()) {
    throw storeError("UNSUPPORTED_RUNTIME", "OPFS sync access handles exist only in a dedicated Web Worker of a secure context");
  }
  if (isOpen(`opfs:${name}`) || opening.has(`opfs:${name}`)) {
    throw storeError("LOCKED", `OPFS file ${name} is open in this worker; close it before salvaging`);
  }
  // The engine reads through the handle and closes it when done.
  return salvageResult(api.salvageRowsHandle(await acquireHandle(name, false), name));
}

async function acquireHandle(name, create = true) {
  const root = await navigator.storage.getDirectory();
  let file;
  try {
    file = await root.getFileHandle(name, { create });
  } catch (e) {
    if (e && e.name === "NotFoundError") {
      throw storeError("INVALID_ARGUMENT", `there is no OPFS file ${name} to salvage`, e);
    }
    // OPFS refuses names such as "a/b", "." and "..", with a TypeError.
    if (e && e.name === "TypeError") {
      throw storeError("INVALID_ARGUMENT", `${JSON.stringify(name)} is not a valid OPFS file name (${e.message})`, e);
    }
    throw storeError("IO", `cannot open OPFS file ${name} (${e?.name}: ${e?.message})`, e);
  }
  try {
    return await file.createSyncAccessHandle();
  } catch (e) {
    if (e && e.name === "NoModificationAllowedError") {
      throw storeError("LOCKED", `OPFS file ${name} is open in another worker; close that store first`, e);
    }
    throw storeError("IO", `cannot open OPFS file ${name} (${e?.name}: ${e?.message})`, e);
  }
}
