// Starts the package's storage worker (src/owner/), one script per engine build so that each
// worker downloads only the build it runs. This module sits one folder below the package on
// purpose, like wasmGcBuild.js: the relative URLs below then lead to the same scripts from the
// unbundled sources and from a bundle one folder below the package (e.g. target/). The
// `new Worker(new URL("…", import.meta.url), { type: "module" })` form is written out literally
// because app bundlers (Vite, Rollup, webpack 5) recognise exactly that form and bundle each
// worker with its imports; the worker scripts import nothing by bare name, so they also run as
// they are, unbundled.

/** A dedicated module worker running the storage worker of `build` ("wasm-gc" or "js"), or the script at `workerUrl`. */
export function startOwnerWorker(build, workerUrl) {
  if (workerUrl !== undefined) {
    return new Worker(workerUrl, { type: "module" });
  }
  if (build === "js") {
    return new Worker(new URL("../src/owner/owner-worker-js.js", import.meta.url), { type: "module" });
  }
  return new Worker(new URL("../src/owner/owner-worker.js", import.meta.url), { type: "module" });
}
