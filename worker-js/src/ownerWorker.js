// Starts the owner worker (src/owner/owner-worker.js). This module sits one folder below the
// package on purpose, like engines.js: the relative URL below then leads to the same script from
// the unbundled sources and from a bundle one folder below the package (e.g. target/). The
// `new Worker(new URL("…", import.meta.url))` form is written out literally because app bundlers
// (Vite, webpack 5) recognise exactly that form and bundle the worker with its imports.

/** A dedicated module worker running the owner script, or the script at `workerUrl` when given. */
export function startOwnerWorker(workerUrl) {
  if (workerUrl !== undefined) {
    return new Worker(workerUrl, { type: "module" });
  }
  return new Worker(new URL("../src/owner/owner-worker.js", import.meta.url), { type: "module" });
}
