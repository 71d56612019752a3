// Replaces cojson's getSqliteStorage (storage/sqlite) for testStorage.ts: the same file name
// reaches the same store, because openFileStore hands out another handle on a path already open.
import { openFileStore } from "cojson-storage-opfs/node";
import { StorageApiSync } from "cojson/src/storage/storageSync.ts";
import { checkEngine } from "./checkEngine.mjs";
import { filenameOf } from "./filenameOf.mjs";
import { keepOpen } from "./openHandles.mjs";

export function getSqliteStorage(driver) {
  const filename = filenameOf(driver);
  const store = openFileStore({ path: filename });
  checkEngine(store);
  keepOpen(filename, store);
  return new StorageApiSync(store.client);
}
