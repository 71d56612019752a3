// Entry `cojson-storage-opfs`: the browser main thread's storage (getOpfsStorage, the drop-in for
// cojson-storage-indexeddb's getIndexedDBStorage, and openOpfsClient under it), and where this
// code runs, so an app can pick another entry:
//   /worker  a dedicated Web Worker with OPFS sync access handles
//   /memory  anywhere (Cloudflare Workers, tests)
//   /node    Node, on a real file

import { StorageApiAsync } from "cojson";
import { openOpfsClient } from "../client/openOpfsClient.js";

export { openOpfsClient };

/**
 * cojson's storage on the OPFS file `name` (default "jazz-storage"), for the main thread of every
 * tab of the origin: `storage: await getOpfsStorage()` where an app had `await getIndexedDBStorage()`.
 * Options as openOpfsClient's.
 */
export async function getOpfsStorage(opts) {
  return new StorageApiAsync(await openOpfsClient(opts));
}

/** True inside a Web Worker (dedicated, shared or service). */
export function isInWorker() {
  return typeof WorkerGlobalScope === "function" && typeof self === "object" && self instanceof WorkerGlobalScope;
}

/**
 * True where `cojson-storage-opfs/worker` can open a store: a dedicated Web Worker that has
 * OPFS sync access handles (a secure context of a current browser).
 */
export function supportsOpfs() {
  return typeof DedicatedWorkerGlobalScope === "function" && self instanceof DedicatedWorkerGlobalScope
    && typeof FileSystemSyncAccessHandle === "function"
    && typeof navigator === "object" && typeof navigator.storage?.getDirectory === "function";
}
