// Replaces cojson's getSqliteStorageAsync (storage/sqliteAsync) for testStorage.ts, on the
// asynchronous client of the same store (see opfsStorageSync.mjs).
import { openFileStore } from "cojson-storage-opfs/node";
import { StorageApiAsync } from "cojson/src/storage/storageAsync.ts";
import { checkEngine } from "./checkEngine.mjs";
import { filenameOf } from "./filenameOf.mjs";
import { keepOpen } from "./openHandles.mjs";

export async function getSqliteStorageAsync(driver) {
  const filename = filenameOf(driver);
  const store = openFileStore({ path: filename });
  checkEngine(store);
  keepOpen(filename, store);
  return new StorageApiAsync(store.asyncClient);
}
