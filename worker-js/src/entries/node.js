// Entry `cojson-storage-opfs/node`: a store in a real file under Node. Returns synchronously: the
// engine build (Wasm GC on Node 22+, JS on Node 20) loads here, at import.

import { isNode, loadEngine, storeError } from "../engines.js";
import { acquireFileLock } from "../cojson/fileLock.js";
import { isOpen, openShared } from "../cojson/handles.js";
import { durability as durabilityOption, options, requiredName } from "../cojson/options.js";

const node = isNode()
  ? { fs: (await import("node:fs")).default, path: (await import("node:path")).default, api: await loadEngine("auto") }
  : null;

/**
 * Opens (creating if needed) the store in the file `path`. Opening a path already open in this
 * process gives another handle on the same store; the file closes with the last handle. Another
 * process that has the file open makes this fail with LOCKED (see fileLock.js). `durability`:
 * "durable" (default) or "relaxed" (see options.js).
 */
export function openFileStore(opts) {
  if (node === null) {
    throw storeError("UNSUPPORTED_RUNTIME", "openFileStore needs Node; use cojson-storage-opfs/memory or /worker here");
  }
  const { path, durability } = options(opts, "openFileStore");
  requiredName(path, "path");
  const mode = durabilityOption(durability);
  const file = node.path.resolve(path);
  const key = `file:${file}`;
  const release = isOpen(key) ? undefined : acquireFileLock(node.fs, file);
  try {
    return openShared(key, () => openFile(file, mode), release, mode);
  } catch (e) {
    release?.();
    throw e;
  }
}

function openFile(file, mode) {
  let fd;
  try {
    const { O_RDWR, O_CREAT } = node.fs.constants;
    fd = node.fs.openSync(file, O_RDWR | O_CREAT, 0o644);
  } catch (e) {
    throw storeError(e?.code === "ENOSPC" ? "QUOTA" : "IO", `cannot open ${file} (${e?.message ?? e})`, e);
  }
  // From here the engine owns the descriptor: it closes it on close() and on a failed open.
  return node.api.openRowsNodeFileWith(node.fs, fd, file, mode);
}
