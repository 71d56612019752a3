// Replaces cojson's getSqliteStorageAsync (storage/sqliteAsync) for testStorage.ts, on the
// asynchronous client of the same store (see opfsStorageSync.mjs). With CONFORMANCE_CLIENT=tab, on
// a browser tab's client instead (src/client/remoteClient.js, with its read cache and one-call
// commits) talking to an owner's dispatch of the same store (src/owner/serve.js) through the
// stand-in for postMessage of the Node tests (test/node/tab.mjs); one owner per store, as one
// worker owns a file.
import { openFileStore } from "cojson-storage-opfs/node";
import { StorageApiAsync } from "cojson/src/storage/storageAsync.ts";
import { createRemoteClient } from "../../../src/client/remoteClient.js";
import { createServer } from "../../../src/owner/serve.js";
import { asStoreErrorData, errorFromData } from "../../../src/protocol/errors.js";
import { inProcessOwner, inProcessTab } from "../../node/tab.mjs";
import { checkEngine } from "./checkEngine.mjs";
import { filenameOf } from "./filenameOf.mjs";
import { keepOpen } from "./openHandles.mjs";

// One owner per open file (several storages on one file are tabs of one owner), made again once the
// test deleted the file and closed its handles.
const owners = new Map();

function ownerOf(filename, store, modules) {
  const known = owners.get(filename);
  if (known !== undefined && isOpen(known.store)) return known.owner;
  const owner = inProcessOwner(store, modules);
  owners.set(filename, { store, owner });
  return owner;
}

function isOpen(store) {
  try {
    store.stats();
    return true;
  } catch {
    return false;
  }
}

export async function getSqliteStorageAsync(driver) {
  const filename = filenameOf(driver);
  const store = openFileStore({ path: filename });
  checkEngine(store);
  keepOpen(filename, store);
  if (process.env.CONFORMANCE_CLIENT !== "tab") return new StorageApiAsync(store.asyncClient);
  const modules = { createRemoteClient, createServer, asStoreErrorData, errorFromData };
  return new StorageApiAsync(inProcessTab(ownerOf(filename, store, modules), modules));
}
