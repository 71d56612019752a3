// Entry `cojson-storage-opfs`: the browser main thread's storage (getOpfsStorage, the drop-in for
// cojson-storage-indexeddb's getIndexedDBStorage, and openOpfsClient under it), and where this
// code runs, so an app can pick another entry:
//   /worker   a dedicated Web Worker with OPFS sync access handles
//   /memory   anywhere (Cloudflare Workers, tests)
//   /node     Node, on a real file
//   /preload  imported first by an app, starts the storage worker even earlier
// Importing this entry on a page starts the storage worker (prestart.js): it loads while the app
// evaluates, and the first getOpfsStorage() adopts it; preloadOpfsStorage(options) starts one for
// other options (a workerUrl).

import "../cojson/useCojson.js";
import { StorageApiAsync } from "cojson";
import { openOpfsClient } from "../client/openOpfsClient.js";
import { preloadOpfsStorage, prestartOnImport } from "../client/prestart.js";
import { invalid } from "../cojson/args.js";
import { options } from "../cojson/options.js";

export { openOpfsClient, preloadOpfsStorage };

prestartOnImport();

/**
 * cojson's StorageApiAsync whose close() also closes its client: cojson's own does not, and
 * whoever closes the storage (jazz-tools' log out: node.gracefulShutdown()) must let the worker go,
 * so that the next client's worker owns the file.
 */
class OpfsStorage extends StorageApiAsync {
  #client;

  constructor(client) {
    super(client);
    this.#client = client;
  }

  async close() {
    try {
      await super.close();
    } finally {
      await this.#client.close();
    }
  }
}

/**
 * cojson's storage on the OPFS file `name` (default "jazz-storage"), for the main thread of every
 * tab of the origin: `storage: await getOpfsStorage()` where an app had `await getIndexedDBStorage()`.
 * Options as openOpfsClient's (`fallback`: "memory" keeps the app working where OPFS is refused,
 * "error" rejects with UNSUPPORTED_RUNTIME; `persist: true` asks navigator.storage.persist()), plus
 * `migrateFromIndexedDB`: true, or { indexedDBName, onProgress }, copies that
 * cojson-storage-indexeddb database into the store first (once; later calls find it done at once).
 */
export async function getOpfsStorage(opts) {
  const { migrateFromIndexedDB, ...clientOptions } = options(opts, "getOpfsStorage");
  if (migrateFromIndexedDB !== undefined && typeof migrateFromIndexedDB !== "boolean"
      && (typeof migrateFromIndexedDB !== "object" || migrateFromIndexedDB === null)) {
    throw invalid("migrateFromIndexedDB must be true, false or { indexedDBName, onProgress }");
  }
  const client = await openOpfsClient(clientOptions);
  if (migrateFromIndexedDB) {
    try {
      await client.migrateFromIndexedDB(migrateFromIndexedDB === true ? {} : migrateFromIndexedDB);
    } catch (error) {
      await client.close();
      throw error;
    }
  }
  return new OpfsStorage(client);
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
