// One worker per tab (per openOpfsClient), one owner per store name. Every worker asks for the Web
// Lock lockName(name); the one holding it opens the OPFS file and serves every tab's requests,
// the others pass their tab's requests to it over the BroadcastChannel channelName(name). When
// the owner goes (its tab closed, so its lock is released) a waiting worker gets the lock, opens
// the file and announces itself, and every worker sends the requests still unanswered again to
// the new owner. A request answered twice is answered once (the first answer wins); a commit that
// the old owner applied but could not answer conflicts on the new owner and its transaction runs
// again on fresh reads (src/client/remoteClient.js), which then finds nothing new to write.

import { openOpfsStore } from "../entries/worker.js";
import { storeError } from "../engines.js";
import { channelName, errorData, HEARTBEAT_MS, lockName, UNAVAILABLE_AFTER_MS } from "../client/protocol.js";
import { createServer, failingServer } from "./serve.js";

/** How long a new owner retries LOCKED: the old owner's sync access handle is released a moment after its worker ends. */
const OPEN_RETRY_MS = 10_000;
const OPEN_RETRY_STEP_MS = 50;
const WATCHDOG_MS = 1_000;

/**
 * Starts this worker's part for the store `name`; `toTab(message)` posts to the tab that started it.
 * Returns { submit(requests), close() }.
 */
export function startNode({ name, engine, clientId }, toTab) {
  const channel = new BroadcastChannel(channelName(name));
  const abort = new AbortController();
  // The tab's requests not answered yet, by id: sent to the owner, or held until one is known.
  const waiting = new Map();
  let serve; // set once this worker holds the lock: serves requests on the store (or fails them all)
  let store;
  let ownerId; // the owner as last announced; this worker's own id while it owns
  let ownerHeardAt = performance.now();
  let served = Promise.resolve(); // the owner serves one request at a time, in arrival order
  let closing = false;
  let releaseLock;
  let heartbeat;

  function answer(responses) {
    const mine = responses.filter((response) => waiting.delete(response.id));
    if (mine.length > 0) toTab({ type: "responses", responses: mine });
  }

  function execute(requests, reply, progress) {
    served = served.then(async () => {
      const responses = [];
      for (const request of requests) {
        try {
          responses.push({ id: request.id, value: await serve(request, (news) => progress(request.id, news)) });
        } catch (error) {
          responses.push({ id: request.id, error: errorData(error) });
        }
      }
      try {
        reply(responses);
      } catch (error) {
        // The channel closed under a closing owner: that requester sends again to the next
        // owner; the queue must go on regardless.
        console.error("cojson-storage-opfs: an answer could not be sent", error);
      }
    });
  }

  function dispatch(requests) {
    if (requests.length === 0) return;
    const now = performance.now();
    for (const request of requests) waiting.get(request.id).sentAt = now;
    if (serve) {
      execute(requests, answer, (id, progress) => waiting.has(id) && toTab({ type: "progress", id, progress }));
    } else if (ownerId !== undefined) {
      channel.postMessage({ type: "requests", from: clientId, to: ownerId, requests });
    }
  }

  const unanswered = () => [...waiting.values()].map((entry) => entry.request);

  channel.onmessage = ({ data }) => {
    if (data.type === "owner" && data.ownerId !== clientId) {
      ownerHeardAt = performance.now();
      if (!serve && ownerId !== data.ownerId) {
        ownerId = data.ownerId;
        dispatch(unanswered());
      }
    } else if (data.type === "who" && serve && !closing) {
      channel.postMessage({ type: "owner", ownerId: clientId });
    } else if (data.type === "requests" && data.to === clientId && serve && !closing) {
      // Ignored while closing: the sender sends them again to the next owner.
      execute(data.requests,
        (responses) => channel.postMessage({ type: "responses", to: data.from, responses }),
        (id, progress) => channel.postMessage({ type: "progress", to: data.from, id, progress }));
    } else if (data.type === "responses" && data.to === clientId) {
      ownerHeardAt = performance.now();
      answer(data.responses);
    } else if (data.type === "progress" && data.to === clientId && waiting.has(data.id)) {
      ownerHeardAt = performance.now();
      toTab({ type: "progress", id: data.id, progress: data.progress });
    }
  };
  channel.postMessage({ type: "who" });

  navigator.locks.request(lockName(name), { signal: abort.signal }, async () => {
    if (closing) return;
    try {
      store = await openRetrying(name, engine);
      serve = createServer(store, clientId);
    } catch (error) {
      // Keeps the lock: every tab then gets this error (e.g. CORRUPT) instead of waiting for an owner.
      serve = failingServer(error);
    }
    ownerId = clientId;
    channel.postMessage({ type: "owner", ownerId: clientId });
    heartbeat = setInterval(() => channel.postMessage({ type: "owner", ownerId: clientId }), HEARTBEAT_MS);
    dispatch(unanswered());
    await new Promise((resolve) => {
      releaseLock = resolve;
    });
  }).catch((error) => {
    if (error?.name !== "AbortError") console.error("cojson-storage-opfs: the store lock failed", error);
  });

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
    /** Finishes what this worker is serving, closes the file and releases the lock. */
    async close() {
      closing = true;
      abort.abort();
      clearInterval(watchdog);
      clearInterval(heartbeat);
      await served;
      try {
        store?.close();
      } finally {
        releaseLock?.();
        channel.close();
      }
    },
  };
}

async function openRetrying(name, engine) {
  const deadline = performance.now() + OPEN_RETRY_MS;
  for (;;) {
    try {
      return await openOpfsStore({ name, engine });
    } catch (error) {
      if (error?.code !== "LOCKED" || performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, OPEN_RETRY_STEP_MS));
    }
  }
}
