// openOpfsClient: the main thread's storage client. Each call starts a dedicated worker of the
// package's owner script (or adopts the one started when the package was imported: prestart.js);
// the workers of all tabs of the origin agree through a Web Lock on one owner of the OPFS file and
// route their requests to it (src/owner/ownership.js).

import { optionalName, options } from "../cojson/options.js";
import { engineBuild, storeError } from "../engines.js";
import { createRemoteClient } from "./remoteClient.js";
import { ownerWorker, workerUrlOption } from "./prestart.js";

/** How long close() waits for the worker to release the file before terminating it anyway. */
const CLOSE_WAIT_MS = 5_000;

const FALLBACKS = ["memory", "error"];

// One warning per page about the in-memory fallback, however many clients open.
let warnedInMemory = false;

/**
 * Opens the store `name` (default "jazz-storage") from the main thread. Resolves once an owner
 * worker (this tab's or another's) has the file open, with cojson's DBClientInterfaceAsync plus
 * close(), stats(), verify() and roundTrips().
 */
export async function openOpfsClient(opts) {
  const { name = "jazz-storage", engine = "auto", workerUrl, fallback = "memory", persist = false } = options(opts, "openOpfsClient");
  optionalName(name, "name");
  const build = engineBuild(engine);
  if (!FALLBACKS.includes(fallback)) {
    throw storeError("INVALID_ARGUMENT", `fallback must be "memory" or "error", got ${JSON.stringify(fallback)}`);
  }
  workerUrlOption(workerUrl);
  if (typeof persist !== "boolean") {
    throw storeError("INVALID_ARGUMENT", `persist must be true or false, got ${JSON.stringify(persist)}`);
  }
  if (typeof Worker !== "function" || typeof BroadcastChannel !== "function" || typeof navigator?.locks?.request !== "function") {
    throw storeError("UNSUPPORTED_RUNTIME",
      "openOpfsClient needs Web Workers, Web Locks and BroadcastChannel (a current browser, secure context); "
      + "use cojson-storage-opfs/node or /memory elsewhere");
  }
  // Asked at once, answered whenever the browser (or its user, in Firefox) decides; never awaited by the open.
  const persistAnswer = persist ? askToPersist() : undefined;
  const { worker, connection, clientId } = ownerWorker(build, workerUrl);
  connection.post({ type: "open", name, engine: build, fallback, clientId });

  let closed = false;
  const request = (op, args, extra) => closed
    ? Promise.reject(storeError("CLOSED", "this storage client is closed; open a new one with openOpfsClient"))
    : connection.request(op, args, extra);
  const { client, transactionCounters } = createRemoteClient(request);

  async function stop() {
    await connection.close(CLOSE_WAIT_MS);
    worker.terminate();
  }

  try {
    const { persistent } = await request("hello");
    if (persistent === false) {
      if (fallback === "error") {
        throw storeError("UNSUPPORTED_RUNTIME", `the browser refuses the Origin Private File System here (as private browsing `
          + `modes do), so the store ${name} runs in memory in another tab's worker; open without fallback: "error" to use it`);
      }
      if (!warnedInMemory) {
        warnedInMemory = true;
        console.warn(`cojson-storage-opfs: the browser refuses the Origin Private File System here (as private browsing modes do); `
          + `the store ${name} is kept in memory, shared by this session's tabs, and is lost when they close. `
          + `getOpfsStorage({ fallback: "error" }) rejects instead.`);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return Object.assign(client, {
    /**
     * The owner's engine counters, with `ownerId` (the owning worker), `clientId` (this one),
     * `persistent` (false on the in-memory fallback), `persisted` (the answer of
     * navigator.storage.persist() when opened with persist: true) and `startup` (this client's
     * worker's start-up timeline, ms since this tab's navigation start).
     */
    async stats() {
      const stats = request("stats");
      const persisted = persistAnswer === undefined ? undefined : await whenAnswered(persistAnswer, stats);
      return { ...(await stats), clientId, persisted, startup: connection.startupTimeline() };
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
      await stop();
    },
  });
}

/** navigator.storage.persist()'s answer, or false where the browser has no such call or it fails. */
async function askToPersist() {
  try {
    return typeof navigator.storage?.persist === "function" ? await navigator.storage.persist() : false;
  } catch {
    return false;
  }
}

/**
 * The persist() answer if it comes before `meanwhile` settles; while the browser still asks its
 * user (Firefox), whether the storage is persisted now.
 */
async function whenAnswered(answer, meanwhile) {
  const pending = Symbol("pending");
  const first = await Promise.race([answer, meanwhile.then(() => pending, () => pending)]);
  if (first !== pending) return first;
  try {
    return await navigator.storage.persisted();
  } catch {
    return false;
  }
}
