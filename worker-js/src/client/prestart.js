// The storage worker, started as early as the page allows: when the package's main entry (or its
// /preload entry, which an app can import before anything else, even as its own <script>) is
// evaluated, long before the app calls getOpfsStorage(). The worker then loads its script and its
// engine while the app's own code still downloads and evaluates, and it opens the store it expects
// (the default "jazz-storage" if that file exists already, or the name given to
// preloadOpfsStorage): the store's lock, its file and the engine are ready when the app asks. The
// first openOpfsClient() with the same engine and script adopts the worker; one for another store
// name makes the worker switch to that store. A worker that no client adopts within
// UNUSED_AFTER_MS is stopped; an open that cannot use it (another engine or script) stops it.
//
// The waiting worker is kept in a global slot, not in this module: a preload bundled or served
// apart from the app (its own <script>) hands its worker to the app's copy of the package.

import { options, optionalName } from "../cojson/options.js";
import { engineBuild, storeError } from "../engines.js";
import { startOwnerWorker } from "../ownerWorker.js";
import { PROTOCOL_VERSION } from "../protocol/version.js";
import { connect } from "./connection.js";

/** How long a prestarted worker waits for its client. */
const UNUSED_AFTER_MS = 10_000;

/** The store a prestarted worker opens when it exists and no name was given (cojson-storage-indexeddb's default too). */
const DEFAULT_NAME = "jazz-storage";

const SLOT = Symbol.for(`cojson-storage-opfs.preloaded.v${PROTOCOL_VERSION}`);

// globalThis[SLOT]: the waiting worker { build, url, name, fallback, worker, connection, clientId,
// timer }; null once one was adopted or stopped; undefined before any was started on this page.
const waiting = {
  get: () => globalThis[SLOT],
  set: (value) => {
    globalThis[SLOT] = value;
  },
};

/** The workerUrl option: a string, a URL, or { "wasm-gc"?, js? } of them; INVALID_ARGUMENT otherwise. */
export function workerUrlOption(workerUrl) {
  const isUrl = (url) => typeof url === "string" || url instanceof URL;
  if (workerUrl === undefined || isUrl(workerUrl)) return workerUrl;
  if (typeof workerUrl !== "object" || workerUrl === null
      || Object.entries(workerUrl).some(([build, url]) => !["wasm-gc", "js"].includes(build) || !isUrl(url))) {
    throw storeError("INVALID_ARGUMENT", "workerUrl must be a string, a URL, or { \"wasm-gc\"?: url, js?: url }");
  }
  return workerUrl;
}

/** The script `workerUrl` names for `build`: one for every build, or { "wasm-gc", js }; undefined: the package's own. */
export function workerUrlFor(build, workerUrl) {
  return typeof workerUrl === "object" && workerUrl !== null && !(workerUrl instanceof URL) ? workerUrl[build] : workerUrl;
}

/** On import of the package's entries: the default storage worker, once per page (and only on a page). */
export function prestartOnImport() {
  if (waiting.get() === undefined) preloadOpfsStorage();
}

/**
 * Starts the storage worker now, for the next getOpfsStorage()/openOpfsClient() with the same
 * `engine` (default "auto") and `workerUrl` (default: the package's own script) to adopt, and
 * opens the store `name` in it (default: "jazz-storage" only if that file exists already; a name
 * given is created if missing). An app whose bundler does not follow
 * `new URL("…", import.meta.url)` (esbuild) calls it with its workerUrl first thing. A waiting
 * worker of other options is stopped. Does nothing where there are no pages and workers.
 */
export function preloadOpfsStorage(opts) {
  const { engine = "auto", workerUrl, name, fallback = "memory" } = options(opts, "preloadOpfsStorage");
  const build = engineBuild(engine);
  const url = workerUrlFor(build, workerUrlOption(workerUrl));
  optionalName(name, "name");
  if (typeof window !== "object" || typeof Worker !== "function") return;
  const current = waiting.get();
  if (current) {
    if (current.build === build && sameUrl(current.url, url) && current.name === (name ?? DEFAULT_NAME)) return;
    stop(current);
  }
  const workerCreated = performance.now();
  const worker = startOwnerWorker(build, url);
  const started = {
    build, url, worker, name: name ?? DEFAULT_NAME, fallback, clientId: crypto.randomUUID(),
    connection: connect(worker, workerCreated),
  };
  started.connection.post({ type: "open", name: started.name, engine: build, fallback, clientId: started.clientId,
    ifExists: name === undefined });
  started.timer = setTimeout(() => waiting.get() === started && stop(started), UNUSED_AFTER_MS);
  waiting.set(started);
}

/**
 * A storage worker for `build` from `workerUrl`: { worker, connection, clientId }, the waiting one
 * when it fits (it may have opened another store: the client's "open" switches it), else a new one.
 */
export function ownerWorker(build, workerUrl) {
  const url = workerUrlFor(build, workerUrl);
  const candidate = waiting.get();
  waiting.set(null);
  if (candidate) {
    clearTimeout(candidate.timer);
    if (candidate.build === build && sameUrl(candidate.url, url)) {
      const { worker, connection, clientId } = candidate;
      return { worker, connection, clientId };
    }
    candidate.worker.terminate();
  }
  const workerCreated = performance.now();
  const worker = startOwnerWorker(build, url);
  return { worker, connection: connect(worker, workerCreated), clientId: crypto.randomUUID() };
}

function stop(started) {
  clearTimeout(started.timer);
  started.worker.terminate();
  waiting.set(null);
}

function sameUrl(a, b) {
  if (a === undefined || b === undefined) return a === b;
  return new URL(a, location.href).href === new URL(b, location.href).href;
}
