import type { StorageApiAsync } from "cojson";
import type { IndexedDBMigrationOptions, OpfsClientOptions } from "./index.js";

/**
 * `cojson-storage-opfs/jazz`: the exports of `cojson-storage-indexeddb` that jazz-tools uses, on the
 * OPFS store. jazz-tools has no storage option; alias the module in the bundler instead:
 * `resolve.alias: { "cojson-storage-indexeddb": "cojson-storage-opfs/jazz" }` (Vite and webpack 5).
 */

/** cojson's storage on the OPFS file `name` (default "jazz-storage", or the name set before), shared by every tab. */
export function getIndexedDBStorage(name?: string): Promise<StorageApiAsync>;
/** The file name later calls of getIndexedDBStorage() default to. */
export function internal_setDatabaseName(name: string): void;

/** What getIndexedDBStorage() passes to getOpfsStorage, since jazz-tools passes nothing. */
export type JazzOpfsStorageOptions = OpfsClientOptions & {
  migrateFromIndexedDB?: boolean | IndexedDBMigrationOptions;
};
/** Sets the options of every later getIndexedDBStorage() call; call it before JazzReactProvider mounts. */
export function configureOpfsStorage(options: JazzOpfsStorageOptions): void;
