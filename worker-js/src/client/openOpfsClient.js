// openOpfsClient: the main thread's storage client. Each call starts a dedicated worker of the
// package's owner script; the workers of all tabs of the origin agree through a Web Lock on one
// owner of the OPFS file and route their requests to it (src/owner/ownership.js).

import { optionalName, options } from "../cojson/options.js";
import { storeError } from "../engines.js";
import { startOwnerWorker } from "../ownerWorker.js";
import { connect } from "./connection.js";
import { createRemoteClient } from "./remoteClient.js";

/** How long close() waits for the worker to release the file before terminating it anyway. */
const CLOSE_WAIT_MS = 5_000;

/**
 * Opens the store `name` (default "jazz-storage") from the main thread. Resolves once an owner
 * worker (this tab's or another's) has the file open, with cojson's DBClientInterfaceAsync plus
 * close(), stats(), verify() and roundTrips().
 */
export async function openOpfsClient(opts) {
  const { name = "jazz-storage", engine = "auto", workerUrl } = options(opts, "openOpfsClient");
  optionalName(name, "name");
  if (engine !== "auto" && engine !== "wasm-gc" && engine !== "js") {
    throw storeError("INVALID_ARGUMENT", `engine must be "auto", "wasm-gc" or "js", got ${JSON.stringify(engine)}`);
  }
  if (typeof Worker !== "function" || typeof BroadcastChannel !== "function" || typeof navigator?.locks?.request !== "function") {
    throw storeError("UNSUPPORTED_RUNTIME",
      "openOpfsClient needs Web Workers, Web Locks and BroadcastChannel (a current browser, secure context); "
      + "use cojson-storage-opfs/node or /memory elsewhere");
  }
  const worker = startOwnerWorker(workerUrl);
  const connection = connect(worker);
  const clientId = crypto.randomUUID();
  worker.postMessage({ type: "open", name, engine, clientId });

  let closed = false;
  const request = (op, args, extra) => closed
    ? Promise.reject(storeError("CLOSED", "this storage client is closed; open a new one with openOpfsClient"))
    : connection.request(op, args, extra);
  const { client, transactionCounters } = createRemoteClient(request);

  try {
    await request("hello");
  } catch (error) {
    await connection.close(CLOSE_WAIT_MS);
    worker.terminate();
    throw error;
  }

  return Object.assign(client, {
    /** The owner's engine counters, with `ownerId` (the owning worker) and `clientId` (this one). */
    async stats() {
      return { ...(await request("stats")), clientId };
    },
    /** Checks the file's integrity in the owner; rejects with CORRUPT naming the first damage. */
    async verify() {
      await request("verify");
    },
    /**
     * Copies the cojson-storage-indexeddb database `indexedDBName` (default "jazz-storage") into
     * this store, once, in the owner worker (migrateFromIndexedDB of cojson-storage-opfs/worker);
     * every tab's other requests wait until it is done. Resumes where an interrupted one stopped.
     */
    async migrateFromIndexedDB(migration) {
      const { indexedDBName = "jazz-storage", onProgress } = options(migration, "migrateFromIndexedDB");
      optionalName(indexedDBName, "indexedDBName");
      if (onProgress !== undefined && typeof onProgress !== "function") {
        throw storeError("INVALID_ARGUMENT", "onProgress must be a function");
      }
      return request("migrateFromIndexedDB", [indexedDBName], { onProgress });
    },
    /** Round trips (messages answered) and requests by op since open, plus commits and conflicts. */
    roundTrips() {
      return { ...connection.roundTrips(), ...transactionCounters() };
    },
    /**
     * Waits for this client's requests in flight, then stops its worker (which releases the file
     * if it owned it, so another tab's worker takes over). Later calls reject with CLOSED.
     */
    async close() {
      if (closed) return;
      await client.transaction(() => undefined).catch(() => undefined);
      closed = true;
      await connection.idle();
      await connection.close(CLOSE_WAIT_MS);
      worker.terminate();
    },
  });
}
