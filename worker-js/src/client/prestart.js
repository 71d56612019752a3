// The storage worker, started as early as the page allows: when the package's main entry (or its
// /preload entry, which an app can import before anything else) is evaluated, long before the app
// calls getOpfsStorage(). The worker then loads its script and its engine while the app's own code
// still evaluates, and the first openOpfsClient() adopts it. A worker that no client adopts within
// UNUSED_AFTER_MS is stopped; an open that cannot use it (another engine or a workerUrl) stops it.

import { engineBuild } from "../engines.js";
import { startOwnerWorker } from "../ownerWorker.js";
import { connect } from "./connection.js";

/** How long a prestarted worker waits for its client. */
const UNUSED_AFTER_MS = 10_000;

let prestarted;

/** Starts the default storage worker for this tab if none is waiting (and this is a page with workers). */
export function prestart() {
  if (prestarted !== undefined || typeof window !== "object" || typeof Worker !== "function") return;
  const workerCreated = performance.now();
  const build = engineBuild("auto");
  const worker = startOwnerWorker(build);
  const timer = setTimeout(() => {
    if (prestarted?.worker === worker) {
      worker.terminate();
      prestarted = null;
    }
  }, UNUSED_AFTER_MS);
  prestarted = { build, worker, connection: connect(worker, workerCreated), timer };
}

/**
 * A storage worker for the build `build` and its connection: the prestarted one when it fits,
 * else a new one. `workerUrl`: the script for whichever build runs, or { "wasm-gc", js }, one
 * script per build (a build without one gets the package's own).
 */
export function ownerWorker(build, workerUrl) {
  const url = typeof workerUrl === "object" && !(workerUrl instanceof URL) ? workerUrl[build] : workerUrl;
  const waiting = prestarted;
  prestarted = null;
  if (waiting) {
    clearTimeout(waiting.timer);
    if (waiting.build === build && url === undefined) {
      return { worker: waiting.worker, connection: waiting.connection };
    }
    waiting.worker.terminate();
  }
  const workerCreated = performance.now();
  const worker = startOwnerWorker(build, url);
  return { worker, connection: connect(worker, workerCreated) };
}
