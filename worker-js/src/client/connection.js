// The tab's side of the conversation with its owner worker. Requests made in the same tick
// travel in one message (flushed on a microtask); each such message is one round trip, and the
// counters say how many there were and which requests they carried.

import { storeError } from "../engines.js";
import { errorFromData } from "./protocol.js";

export function connect(worker) {
  let nextId = 1;
  let outbox = [];
  const pending = new Map();
  // Set when the worker died or failed to load: every request from then on rejects with it.
  let broken;
  const counters = { messages: 0, requests: 0, byOp: {} };

  function fail(error) {
    broken = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  }

  worker.addEventListener("error", (event) => {
    event.preventDefault?.();
    fail(storeError("FAILED", `the storage worker failed: ${event.message || "its script could not load"}; `
      + "check the workerUrl option and that the package's src/owner/ is served"));
  });
  worker.addEventListener("messageerror", () => fail(storeError("FAILED", "a message from the storage worker could not be read")));
  worker.addEventListener("message", ({ data }) => {
    if (data.type === "responses") {
      for (const response of data.responses) {
        const entry = pending.get(response.id);
        if (entry === undefined) continue;
        pending.delete(response.id);
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
    worker.postMessage({ type: "requests", requests });
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
        if (broken) done(); else worker.postMessage({ type: "close" });
      });
    },
    get pendingCount() {
      return pending.size;
    },
  };
}
