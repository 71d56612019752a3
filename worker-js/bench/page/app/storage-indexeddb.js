// The peer: cojson's storage as a Jazz app has it today, IndexedDB on the main thread.

import { getIndexedDBStorage } from "cojson-storage-indexeddb";

export const kind = "indexeddb";

export function openStorage() {
  return getIndexedDBStorage();
}

/** Nothing beyond navigator.storage.estimate(), which the app reads for both storages. */
export async function facts() {
  return {};
}
