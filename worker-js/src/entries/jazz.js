// Entry `cojson-storage-opfs/jazz`: the module `cojson-storage-indexeddb` as jazz-tools imports it,
// on this package's OPFS store. jazz-tools 0.20.19 has no storage option (JazzReactProvider's
// `storage` prop is typed "indexedDB" and never read): its browser context always calls
// `getIndexedDBStorage()` of cojson-storage-indexeddb (src/browser/createBrowserContext.ts, the
// only import of that package). So an app swaps the storage with one bundler alias,
//   "cojson-storage-indexeddb" → "cojson-storage-opfs/jazz",
// and everything else stays jazz-tools' own: JazzReactProvider, the vanilla context manager, the
// session locks, log out (`node.gracefulShutdown()` closes the storage, and closing the storage
// closes its client and worker, so the next context's worker owns the file).

import { getOpfsStorage } from "./index.js";
import { invalid } from "../cojson/args.js";
import { optionalName, options } from "../cojson/options.js";

/** cojson-storage-indexeddb's default database name, which becomes the OPFS file's name. */
let databaseName = "jazz-storage";
let storageOptions = {};

/**
 * cojson-storage-indexeddb's `getIndexedDBStorage(name)`: cojson's StorageApiAsync, here on the OPFS
 * file `name` shared by every tab of the origin (getOpfsStorage), with the options given to
 * configureOpfsStorage.
 */
export function getIndexedDBStorage(name = databaseName) {
  return getOpfsStorage({ ...storageOptions, name });
}

/** cojson-storage-indexeddb's `internal_setDatabaseName(name)`: the name later calls default to. */
export function internal_setDatabaseName(name) {
  databaseName = optionalName(name, "name") ?? "jazz-storage";
}

/**
 * The options of getOpfsStorage that jazz-tools cannot pass (it calls getIndexedDBStorage() with
 * none), for every later call: e.g. `{ migrateFromIndexedDB: true }` to bring the app's IndexedDB
 * data along once, or the fallback and persistence options. Call it before the provider mounts.
 * `name` sets the file as internal_setDatabaseName does.
 */
export function configureOpfsStorage(opts) {
  if (opts === undefined) {
    throw invalid("configureOpfsStorage takes an options object");
  }
  const { name, ...rest } = options(opts, "configureOpfsStorage");
  if (name !== undefined) {
    internal_setDatabaseName(name);
  }
  storageOptions = rest;
}
