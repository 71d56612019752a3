// Entry `cojson-storage-opfs/node` (the "node" export condition): a store in a real file under
// Node. Returns synchronously: the engine build (Wasm GC on Node 22+, JS on Node 20) loads here, at
// import.

import "../cojson/useCojson.js";
import fs from "node:fs";
import path from "node:path";
import { loadEngine } from "../nodeEngines.js";
import { storeError } from "../engines.js";
import { acquireFileLock } from "../cojson/fileLock.js";
import { isOpen, openShared } from "../cojson/handles.js";
import { durability as durabilityOption, options, requiredName } from "../cojson/options.js";

const api = await loadEngine("auto");

/**
 * Opens (creating if needed) the store in the file `path`. Opening a path already open in this
 * process gives another handle on the same store; the file closes with the last handle. Another
 * process that has the file open makes this fail with LOCKED (see fileLock.js). `durability`:
 * "durable" (default) or "relaxed" (see options.js).
 */
export function openFileStore(opts) {
  const { path: filePath, durability } = options(opts, "openFileStore");
  requiredName(filePath, "path");
  const mode = durabilityOption(durability);
  const file = path.resolve(filePath);
  const key = `file:${file}`;
  const release = isOpen(key) ? undefined : acquireFileLock(fs, file);
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
    const { O_RDWR, O_CREAT } = fs.constants;
    fd = fs.openSync(file, O_RDWR | O_CREAT, 0o644);
  } catch (e) {
    throw storeError(e?.code === "ENOSPC" ? "QUOTA" : "IO", `cannot open ${file} (${e?.message ?? e})`, e);
  }
  // From here the engine owns the descriptor: it closes it on close() and on a failed open.
  return api.openRowsNodeFileWith(fs, fd, file, mode);
}
