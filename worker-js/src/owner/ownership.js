// One worker per tab (per openOpfsClient), one owner per store name. Every worker asks for the
// store's Web Lock, versioned(name); the one holding it opens the OPFS file and serves every tab's
// requests. The others reach it point to point: each worker has its own channel,
// versioned(name, "client", id), which only it and the owner listen to, so a tab's traffic wakes
// no other worker. (A MessagePort cannot be handed from one tab's worker to another's: ports travel
// only by postMessage between contexts that already talk, and a BroadcastChannel refuses them.)
//
// On the store's discovery channel, versioned(name), the owner announces itself (on taking over,
// every HEARTBEAT_MS, and to a new worker's "who"); a worker that hears of a new owner asks it to
// "connect", the owner opens that worker's channel and answers "connected" there, and the worker
// sends its unanswered requests. Each worker holds a liveness lock, versioned(name, "client", id),
// while it runs; the owner waits for that lock and closes the worker's channel when it is granted,
// i.e. when that worker is gone.
//
// When the owner goes (its tab closed, so its lock is released) a waiting worker gets the lock,
// opens the file and announces itself, and every worker sends the requests still unanswered again
// to the new owner. A request answered twice is answered once (the first answer wins); a commit
// that the old owner applied but could not answer conflicts on the new owner and its transaction
// runs again on fresh reads (src/client/remoteClient.js), which then finds nothing new to write.
//
// Every name and message carries PROTOCOL_VERSION: workers of two deployed versions never meet.
// Where OPFS is missing or refused (UNSUPPORTED_RUNTIME), the owner runs the engine in memory
// unless its tab opened with fallback "error"; every tab of the session shares that memory store.

import { storeError } from "../engines.js";
import { errorData, HEARTBEAT_MS, UNAVAILABLE_AFTER_MS } from "../client/protocol.js";
import { openShared } from "../cojson/handles.js";
import { opfsFile, syncAccessHandle } from "../opfs/opfsFiles.js";
import { PROTOCOL_VERSION, versioned } from "../protocol/version.js";
import { createServer, failingServer } from "./serve.js";

/** How long a new owner retries LOCKED: the old owner's sync access handle is released a moment after its worker ends. */
const OPEN_RETRY_MS = 10_000;
const OPEN_RETRY_STEP_MS = 50;
const WATCHDOG_MS = 1_000;

const v = PROTOCOL_VERSION;

/** How long the owner works on one message's requests before it sends the answers it has. */
const ANSWER_SLICE_MS = 8;

/**
 * Starts this worker's part for the store `name`. `toTab(message)` posts to the tab that started
 * it; `engine` is the promise of the engine build's exports (loading since the worker started);
 * `mark(step)` records a start-up step. Returns { submit(requests), close() }.
 */
export function startNode({ name, durability = "durable", fallback = "memory", clientId }, toTab, { engine, mark: markStep }) {
  const discovery = new BroadcastChannel(versioned(name));
  const inbox = new BroadcastChannel(versioned(name, "client", clientId));
  const abort = new AbortController();
  // The tab's requests not answered yet, by id: sent to the owner, or held until one is known.
  const waiting = new Map();
  // While this worker owns the store: the channel of every worker it serves, by that worker's id.
  const clients = new Map();
  let serve; // set once this worker holds the lock: serves requests on the store (or fails them all)
  let store;
  let ownerId; // the owner as last announced; this worker's own id while it owns
  let connectedTo; // the owner that answered "connected": requests go to it
  let ownerHeardAt = performance.now();
  let served = Promise.resolve(); // the owner serves one request at a time, in arrival order
  let closing = false;
  let releaseLock;
  let heartbeat;
  let opening; // the store's open, while this worker opens it: close() waits for it
  // A node closed early (its worker switched to another store) reports nothing more.
  const mark = (step) => closing || markStep(step);
  const alive = holdLock(versioned(name, "client", clientId), abort.signal);

  function answer(responses) {
    const mine = responses.filter((response) => waiting.delete(response.id));
    if (mine.length > 0) toTab({ type: "responses", responses: mine });
  }

  function execute(requests, reply, progress) {
    served = served.then(async () => {
      let responses = [];
      let sentAt = performance.now();
      const send = () => {
        try {
          reply(responses);
        } catch (error) {
          // The channel closed under a closing owner or a client gone: that requester sends again
          // to the next owner, or is no more; the queue must go on regardless.
          console.error("cojson-storage-opfs: an answer could not be sent", error);
        }
        responses = [];
        sentAt = performance.now();
      };
      for (const request of requests) {
        try {
          responses.push({ id: request.id, value: await serve(request, (news) => progress(request.id, news)) });
        } catch (error) {
          responses.push({ id: request.id, error: errorData(error) });
        }
        // A long message (a tab loading a thousand CoValues at once) is answered in slices, so
        // that the tab works on the first answers while this worker computes the rest.
        if (performance.now() - sentAt >= ANSWER_SLICE_MS) send();
      }
      if (responses.length > 0) send();
    });
  }

  function dispatch(requests) {
    if (requests.length === 0) return;
    const now = performance.now();
    for (const request of requests) waiting.get(request.id).sentAt = now;
    if (serve) {
      execute(requests, answer, (id, progress) => waiting.has(id) && toTab({ type: "progress", id, progress }));
    } else if (connectedTo !== undefined) {
      inbox.postMessage({ v, type: "requests", to: connectedTo, requests });
    }
  }

  const unanswered = () => [...waiting.values()].map((entry) => entry.request);

  /** Asks the owner `to` to open this worker's channel (once this worker's liveness lock is held). */
  function connect(to) {
    ownerId = to;
    connectedTo = undefined;
    alive.then(() => {
      if (ownerId === to && !serve && !closing) discovery.postMessage({ v, type: "connect", clientId, ownerId: to });
    }, () => undefined);
  }

  /** The owner's side of connect: opens the channel of the worker `id` and serves what comes on it. */
  function accept(id) {
    let channel = clients.get(id);
    if (channel === undefined) {
      channel = new BroadcastChannel(versioned(name, "client", id));
      clients.set(id, channel);
      const to = channel;
      channel.onmessage = ({ data }) => {
        // Ignored while closing: the sender sends them again to the next owner.
        if (data?.v !== v || data.type !== "requests" || data.to !== clientId || !serve || closing) return;
        execute(data.requests,
          (responses) => to.postMessage({ v, type: "responses", responses }),
          (requestId, progress) => to.postMessage({ v, type: "progress", id: requestId, progress }));
      };
      // Granted once that worker is gone (it holds the lock while it runs).
      navigator.locks.request(versioned(name, "client", id), { signal: abort.signal }, () => {
        to.close();
        clients.delete(id);
      }).catch(() => undefined);
    }
    channel.postMessage({ v, type: "connected", ownerId: clientId });
  }

  function announce() {
    discovery.postMessage({ v, type: "owner", ownerId: clientId });
  }

  inbox.onmessage = ({ data }) => {
    if (data?.v !== v || serve) return;
    if (data.type === "connected" && data.ownerId === ownerId) {
      ownerHeardAt = performance.now();
      connectedTo = ownerId;
      dispatch(unanswered());
    } else if (data.type === "responses") {
      ownerHeardAt = performance.now();
      answer(data.responses);
    } else if (data.type === "progress" && waiting.has(data.id)) {
      ownerHeardAt = performance.now();
      toTab({ type: "progress", id: data.id, progress: data.progress });
    }
  };

  discovery.onmessage = ({ data }) => {
    if (data?.v !== v) return;
    if (data.type === "owner" && data.ownerId !== clientId) {
      ownerHeardAt = performance.now();
      // A new owner, or one that has not answered our connect yet (a heartbeat asks again).
      if (!serve && (ownerId !== data.ownerId || connectedTo === undefined)) connect(data.ownerId);
    } else if (data.type === "who" && serve && !closing) {
      announce();
    } else if (data.type === "connect" && data.ownerId === clientId && serve && !closing) {
      accept(data.clientId);
    }
  };
  discovery.postMessage({ v, type: "who" });

  navigator.locks.request(versioned(name), { signal: abort.signal }, async () => {
    if (closing) return;
    mark("lockGranted");
    opening = openOwnStore();
    ({ store, serve } = await opening);
    // Closed meanwhile: close() closes the store; returning lets the lock go.
    if (closing) return;
    ownerId = clientId;
    connectedTo = undefined;
    announce();
    heartbeat = setInterval(announce, HEARTBEAT_MS);
    dispatch(unanswered());
    await new Promise((resolve) => {
      releaseLock = resolve;
    });
  }).catch((error) => {
    if (error?.name !== "AbortError") console.error("cojson-storage-opfs: the store lock failed", error);
  });

  /** The store this worker now owns and its server: the OPFS file, memory where OPFS is refused, or one that fails every request. */
  async function openOwnStore() {
    try {
      const [api, handle] = await bothOrRelease(engine, openHandleRetrying(name, () => closing).then((opened) => {
        mark("handleOpened");
        return opened;
      }));
      // From here the engine owns the handle: it closes it on close() and on a failed open.
      const opened = withPersistence(openShared(`opfs:${name}`, () => api.openRowsHandleWith(handle, name, durability),
        undefined, durability), true);
      mark("storeOpened");
      return { store: opened, serve: createServer(opened, clientId) };
    } catch (error) {
      if (error?.code === "UNSUPPORTED_RUNTIME" && fallback === "memory") {
        try {
          const api = await engine;
          const opened = withPersistence(openShared(null, () => api.openRowsMemoryWith(null, durability), undefined, durability), false);
          mark("storeOpened");
          return { store: opened, serve: createServer(opened, clientId) };
        } catch (memoryError) {
          return { store: undefined, serve: failingServer(memoryError) };
        }
      }
      // Keeps the lock: every tab then gets this error (e.g. CORRUPT) instead of waiting for an owner.
      return { store: undefined, serve: failingServer(await explained(error, name)) };
    }
  }

  // A request that has heard nothing from an owner for UNAVAILABLE_AFTER_MS gets an error
  // instead of waiting forever (no owner: every other worker is gone or stuck opening the file).
  const watchdog = setInterval(() => {
    if (serve) return;
    const now = performance.now();
    const expired = [];
    for (const [id, entry] of waiting) {
      if (now - Math.max(entry.sentAt, ownerHeardAt) > UNAVAILABLE_AFTER_MS) expired.push(id);
    }
    if (expired.length === 0) return;
    const error = errorData(storeError("UNAVAILABLE", `no worker has owned the store ${name} for `
      + `${UNAVAILABLE_AFTER_MS / 1000} s, so the request was not served; retry later (another tab may be stuck opening the file)`));
    answer(expired.map((id) => ({ id, error })));
  }, WATCHDOG_MS);

  return {
    submit(requests) {
      for (const request of requests) waiting.set(request.id, { request, sentAt: 0 });
      dispatch(requests);
    },
    /** Finishes what this worker is serving, closes the file and releases the locks. */
    async close() {
      closing = true;
      abort.abort();
      clearInterval(watchdog);
      clearInterval(heartbeat);
      await opening;
      await served;
      try {
        store?.close();
      } finally {
        releaseLock?.();
        alive.then((release) => release(), () => undefined);
        discovery.close();
        inbox.close();
        for (const channel of clients.values()) channel.close();
      }
    },
  };
}

/**
 * A node for a worker that cannot serve its tab at all (a worker script of another build or
 * version than the tab asked for): every request gets `error`, and it never takes the store's lock.
 */
export function failingNode(error, toTab) {
  const data = errorData(error);
  return {
    submit(requests) {
      toTab({ type: "responses", responses: requests.map(({ id }) => ({ id, error: data })) });
    },
    async close() {},
  };
}

/** Holds the Web Lock `name` from when it is granted until the returned promise's value (a release function) is called. */
function holdLock(name, signal) {
  return new Promise((granted, failed) => {
    navigator.locks.request(name, { signal }, () => new Promise((release) => granted(release))).catch(failed);
  });
}

/** Both promises' values; when one fails, a sync access handle the other gave is closed. */
async function bothOrRelease(engine, handle) {
  try {
    return await Promise.all([engine, handle]);
  } catch (error) {
    handle.then((h) => h.close(), () => undefined);
    throw error;
  }
}

/** The file's sync access handle, retrying LOCKED for OPEN_RETRY_MS while the previous owner lets go of it. */
async function openHandleRetrying(name, stopped) {
  const deadline = performance.now() + OPEN_RETRY_MS;
  for (;;) {
    try {
      return await syncAccessHandle(await opfsFile(name), name);
    } catch (error) {
      if (error?.code !== "LOCKED" || stopped() || performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, OPEN_RETRY_STEP_MS));
    }
  }
}

/** A LOCKED that outlived the retries, said more precisely when a worker of another protocol version holds the store. */
async function explained(error, name) {
  if (error?.code !== "LOCKED") return error;
  try {
    const { held = [] } = await navigator.locks.query();
    const other = held.map((lock) => /^cojson-storage-opfs:v(\d+):(.*)$/.exec(lock.name))
      .find((match) => match && match[2] === name && Number(match[1]) !== PROTOCOL_VERSION);
    if (other) {
      return storeError("LOCKED", `the store ${name} is open in a tab running another version of cojson-storage-opfs `
        + `(protocol v${other[1]}, this tab v${PROTOCOL_VERSION}); reload or close the tabs of the other version`, error);
    }
  } catch {
    // no better explanation
  }
  return error;
}

/** The store with `persistent` in its stats: true on the OPFS file, false in memory. */
function withPersistence(store, persistent) {
  const stats = store.stats;
  return Object.assign(store, { stats: () => ({ ...stats(), persistent }) });
}
