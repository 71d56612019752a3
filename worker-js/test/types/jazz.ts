// Compiled (not run) with consumer.ts: the declarations of cojson-storage-opfs/jazz, the module an
// app's bundler aliases cojson-storage-indexeddb to, as jazz-tools calls it.
import type { StorageApiAsync } from "cojson";
import { configureOpfsStorage, getIndexedDBStorage, internal_setDatabaseName } from "cojson-storage-opfs/jazz";

const storage: Promise<StorageApiAsync> = getIndexedDBStorage();
const named: Promise<StorageApiAsync> = getIndexedDBStorage("other");
internal_setDatabaseName("jazz-storage");
configureOpfsStorage({ migrateFromIndexedDB: true, engine: "auto" });
// @ts-expect-error the options are an object
configureOpfsStorage("jazz-storage");
// @ts-expect-error the engine is one of three
configureOpfsStorage({ engine: "wasm" });

export { storage, named };
