// The tab's side of the conversation with its owner worker. Requests made in the same tick
// travel in one message (flushed on a microtask); each such message is one round trip, and the
// counters say how many there were and which requests they carried. It also keeps the worker's
// start-up timeline (see startupTimeline()).

import { storeError } from "../engines.js";
import { PROTOCOL_VERSION } from "../protocol/version.js";
import { messageTransferables } from "../protocol/transfer.js";
import { errorFromData } from "./protocol.js";

/** The steps of stats().startup, in the order they usually happen. */
export const STARTUP_STEPS = ["workerCreated", "scriptRunning", "engineReady", "lockGranted", "handleOpened", "storeOpened", "firstAnswer"];

/** Talks to `worker`, created at `workerCreated` (performance.now() of this tab). */
export function connect(worker, workerCreated = performance.now()) {
  // ms since this tab's navigation start, by step; the worker sends absolute times.
  const startup = { workerCreated };
  let nextId = 1;
  let outbox = [];
  const pending = new Map();
  // Resolved (and emptied) whenever pending becomes empty: see idle().
  let idleWaiters = [];
  // Set when the worker died or failed to load: every request from then on rejects with it.
  let broken;
  const counters = { messages: 0, requests: 0, byOp: {} };

  function settled(id) {
    pending.delete(id);
    if (pending.size === 0) {
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    }
  }

  function fail(error) {
    broken = error;
    for (const [id, { reject }] of pending) {
      reject(error);
      settled(id);
    }
  }

  worker.addEventListener("error", (event) => {
    event.preventDefault?.();
    fail(storeError("FAILED", `the storage worker failed: ${event.message || "its script could not load"}; `
      + "check the workerUrl option and that the package's src/owner/ is served"));
  });
  worker.addEventListener("messageerror", () => fail(storeError("FAILED", "a message from the storage worker could not be read")));
  worker.addEventListener("message", ({ data }) => {
    if (data?.v !== PROTOCOL_VERSION) {
      fail(storeError("FAILED", `the storage worker speaks protocol v${data?.v}, this page's cojson-storage-opfs `
        + `v${PROTOCOL_VERSION}: serve the worker of the same package version (check workerUrl and caches)`));
    } else if (data.type === "startup") {
      startup[data.step] ??= data.at - performance.timeOrigin;
    } else if (data.type === "startup-reset") {
      // The worker switched to another store than the one it opened early: those steps come again.
      for (const step of data.steps) delete startup[step];
    } else if (data.type === "responses") {
      startup.firstAnswer ??= performance.now();
      for (const response of data.responses) {
        const entry = pending.get(response.id);
        if (entry === undefined) continue;
        settled(response.id);
        if (response.error) {
          entry.reject(errorFromData(response.error));
        } else {
          entry.resolve(response.value);
        }
      }
    } else if (data.type === "progress") {
      pending.get(data.id)?.onProgress?.(data.progress);
    }
  });

  function flush() {
    const requests = outbox;
    outbox = [];
    counters.messages++;
    const message = { v: PROTOCOL_VERSION, type: "requests", requests };
    worker.postMessage(message, messageTransferables(message));
  }

  return {
    /** Sends { op, args } with the other requests of this tick; resolves with the worker's answer. */
    request(op, args = [], { onProgress } = {}) {
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      counters.requests++;
      counters.byOp[op] = (counters.byOp[op] ?? 0) + 1;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        if (outbox.length === 0) queueMicrotask(flush);
        outbox.push({ id, op, args });
      });
    },
    /** Fresh copies of the counters: messages (= round trips), requests, and requests by op. */
    roundTrips() {
      return { messages: counters.messages, requests: counters.requests, byOp: { ...counters.byOp } };
    },
    /** Resolves once the worker has closed its side (released the file if it owned it). */
    close(timeoutMs) {
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          worker.removeEventListener("message", onClosed);
          resolve();
        };
        const onClosed = ({ data }) => data.type === "closed" && done();
        const timer = setTimeout(done, timeoutMs);
        worker.addEventListener("message", onClosed);
        if (broken) done(); else worker.postMessage({ v: PROTOCOL_VERSION, type: "close" });
      });
    },
    /** Sends the worker a message of the protocol (e.g. "open"). */
    post(message) {
      worker.postMessage({ v: PROTOCOL_VERSION, ...message });
    },
    /**
     * When each start-up step of this client's worker happened, in ms since this tab's navigation
     * start (performance.timeOrigin); undefined for a step that did not happen in it (a worker
     * routed to another tab's owner opens no file).
     */
    startupTimeline() {
      return Object.fromEntries(STARTUP_STEPS.map((step) => [step, startup[step]]));
    },
    /** Resolves once every request sent so far has its answer. */
    idle() {
      return pending.size === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
