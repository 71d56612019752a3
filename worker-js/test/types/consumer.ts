// Compiled (not run) by the Node test runner with tsc --strict against the installed package: the
// declarations in types/ must describe every entry, and wrong calls must not type-check.
import { StorageApiAsync, StorageApiSync } from "cojson";
import {
  getOpfsStorage, isInWorker, openOpfsClient, supportsOpfs, type OpfsClient, type OpfsClientErrorCode, type Store, type StoreError,
} from "cojson-storage-opfs";
import { preloadOpfsStorage } from "cojson-storage-opfs/preload";
import { openFileStore } from "cojson-storage-opfs/node";
import { openMemoryStore } from "cojson-storage-opfs/memory";
import { migrateFromIndexedDB, openOpfsStore, type MigrationProgress, type MigrationResult } from "cojson-storage-opfs/worker";
import { fromExpoFileHandle, openFileStore as openAppFile, type AppFile } from "cojson-storage-opfs/react-native";

const file: Store = openFileStore({ path: "x.db" });
const memory: Store = openMemoryStore({ name: "m", bytes: file.exportBytes() });
const sync = new StorageApiSync(file.client);
const async = new StorageApiAsync(memory.asyncClient);
const engine: "wasm-gc" | "js" = file.stats().engine;
const pending: Promise<Store> = openOpfsStore({ name: "n", durability: "relaxed" });
const relaxed: Store = openFileStore({ path: "y.db", durability: "relaxed" });
relaxed.flush();
const where: boolean = isInWorker() || supportsOpfs();
function code(e: StoreError): string {
  return e.code;
}
const aborted: StoreError["code"] = "ABORTED";
async function migrate(store: Store, signal: AbortSignal): Promise<number> {
  const result: MigrationResult = await migrateFromIndexedDB(store, {
    indexedDBName: "jazz-storage",
    signal,
    onProgress: ({ done, total, phase }: MigrationProgress) => console.log(done, total, phase),
  });
  const finished: boolean = result.alreadyDone;
  return finished ? 0 : result.coValues + result.sessions + result.transactions + result.signatures + result.skipped
    + result.ms;
}
const conflict: StoreError["code"] = "CONFLICT";
function causeOf(e: StoreError): unknown {
  return e.cause;
}
// @ts-expect-error path is required
openFileStore({});
// @ts-expect-error bytes are bytes
openMemoryStore({ bytes: "abc" });
// @ts-expect-error durability is one of two
openMemoryStore({ durability: "lazy" });
// @ts-expect-error the engine is one of three
openOpfsStore({ engine: "wasm" });
// @ts-expect-error the migration needs a store
migrateFromIndexedDB({ indexedDBName: "jazz-storage" });
// @ts-expect-error a progress report has no percentage
migrateFromIndexedDB(file, { onProgress: (p) => p.percent });
// @ts-expect-error a code outside the one list
const invented: StoreError["code"] = "OOPS";
// @ts-expect-error the engine is one of three
openOpfsClient({ engine: "wasm" });
const mainThread: Promise<StorageApiAsync> = getOpfsStorage({ name: "n", workerUrl: new URL("https://x/w.js") });
async function ownerOf(client: OpfsClient): Promise<string> {
  await client.transaction(async (tx) => tx.markCoValueAsDeleted("co_z1"));
  return (await client.stats()).ownerId + client.roundTrips().messages;
}
const unavailable: OpfsClientErrorCode = "UNAVAILABLE";
const migrated: Promise<StorageApiAsync> = getOpfsStorage({ migrateFromIndexedDB: { onProgress: (p) => p.done + p.total } });
async function migratedCount(client: OpfsClient): Promise<number> {
  return (await client.migrateFromIndexedDB({ indexedDBName: "jazz-storage" })).coValues;
}
// @ts-expect-error the migration option is a boolean or its options
getOpfsStorage({ migrateFromIndexedDB: "yes" });
const inMemoryOrError: Promise<StorageApiAsync> = getOpfsStorage({
  fallback: "error", persist: true, workerUrl: { "wasm-gc": "/w.js", js: new URL("https://x/w-js.js") },
});
preloadOpfsStorage({ name: "n", workerUrl: { "wasm-gc": "/w.js" } });
// @ts-expect-error persist is asked by the open, not the preload
preloadOpfsStorage({ persist: true });
// @ts-expect-error the fallback is "memory" or "error"
getOpfsStorage({ fallback: "indexedDB" });
// @ts-expect-error workerUrl names one script per build, not per name
openOpfsClient({ workerUrl: { wasm: "/w.js" } });
async function startupOf(client: OpfsClient): Promise<number | undefined> {
  const { startup, persistent, persisted } = await client.stats();
  const stored: boolean = persistent && persisted !== false;
  return stored ? startup.storeOpened : startup.firstAnswer;
}

// React Native: an app file, or Expo's FileHandle through the adapter.
declare const expoHandle: { readBytesSync(n: number): Uint8Array; writeBytesSync(b: Uint8Array): void; offset: number | null; size: number | null; close(): void };
declare const appState: { addEventListener(type: "change", listener: (state: string) => void): { remove(): void } };
const phone = openAppFile({ file: fromExpoFileHandle(expoHandle), appState });
const zeroFilled: number = phone.stats().appFile.zeroFilledBytes;
const nativeFile: AppFile = { read: () => new Uint8Array(0), write: () => {}, size: () => 0, close: () => {}, flush: () => {} };
const durableOnPhone = openAppFile({ file: nativeFile, durability: "durable" });
// @ts-expect-error an app file needs read, write, size and close
openAppFile({ file: { read: () => new Uint8Array(0) } });

export { sync, async, engine, pending, relaxed, where, code, aborted, migrate, conflict, causeOf, invented, mainThread, ownerOf,
  unavailable, migrated, migratedCount, inMemoryOrError, startupOf, phone, zeroFilled, durableOnPhone };
