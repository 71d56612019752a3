// The Origin Private File System as this package reaches it: the root folder, a file in it, and the
// file's exclusive sync access handle, each failure turned into a coded error that says what to do.
// Where OPFS is missing or refused (Firefox private browsing rejects getDirectory() with
// SecurityError; WebKitGTK has no sync access handles), the code is UNSUPPORTED_RUNTIME, which the
// tab's storage answers by running the engine in memory unless the app asked for the error.

import { storeError } from "../engines.js";

const REFUSED_HINT = "getOpfsStorage() keeps the app working in memory (its default fallback: \"memory\"); "
  + "in a worker of your own, use cojson-storage-opfs/memory here";

let root;

/**
 * The OPFS root folder, asked for once per realm: the first call may come before the store's lock
 * is granted, so the browser's answer is ready when it is.
 */
export function opfsRoot() {
  root ??= requestRoot();
  return root;
}

async function requestRoot() {
  if (typeof navigator !== "object" || typeof navigator.storage?.getDirectory !== "function") {
    throw storeError("UNSUPPORTED_RUNTIME", `this browser has no Origin Private File System here (it needs a secure context); ${REFUSED_HINT}`);
  }
  try {
    return await navigator.storage.getDirectory();
  } catch (e) {
    throw storeError("UNSUPPORTED_RUNTIME", `the browser refused the Origin Private File System (${e?.name}: ${e?.message}), `
      + `as private browsing modes do; ${REFUSED_HINT}`, e);
  }
}

/** The file `name` in the OPFS root, created when `create`. */
export async function opfsFile(name, create = true) {
  const folder = await opfsRoot();
  try {
    return await folder.getFileHandle(name, { create });
  } catch (e) {
    if (e && e.name === "NotFoundError") {
      throw storeError("INVALID_ARGUMENT", `there is no OPFS file ${name} to salvage`, e);
    }
    // OPFS refuses names such as "a/b", "." and "..", with a TypeError.
    if (e && e.name === "TypeError") {
      throw storeError("INVALID_ARGUMENT", `${JSON.stringify(name)} is not a valid OPFS file name (${e.message})`, e);
    }
    if (e && e.name === "SecurityError") {
      throw storeError("UNSUPPORTED_RUNTIME", `the browser refused the OPFS file ${name} (${e.message}); ${REFUSED_HINT}`, e);
    }
    throw storeError("IO", `cannot open OPFS file ${name} (${e?.name}: ${e?.message})`, e);
  }
}

/** The exclusive sync access handle of an OPFS file (dedicated workers only). */
export async function syncAccessHandle(file, name) {
  if (typeof file.createSyncAccessHandle !== "function") {
    throw storeError("UNSUPPORTED_RUNTIME", `this browser has no OPFS sync access handles here (a dedicated Web Worker needs them); ${REFUSED_HINT}`);
  }
  try {
    return await file.createSyncAccessHandle();
  } catch (e) {
    if (e && e.name === "NoModificationAllowedError") {
      throw storeError("LOCKED", `OPFS file ${name} is open in another worker; close that store first`, e);
    }
    // WebKitGTK has the method but no implementation; a private mode may refuse it.
    if (e && (e.name === "NotSupportedError" || e.name === "SecurityError")) {
      throw storeError("UNSUPPORTED_RUNTIME", `the browser refused a sync access handle for OPFS file ${name} (${e.name}: ${e.message}); ${REFUSED_HINT}`, e);
    }
    throw storeError("IO", `cannot open OPFS file ${name} (${e?.name}: ${e?.message})`, e);
  }
}
