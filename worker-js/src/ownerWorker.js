// Starts the package's storage worker (src/owner/), one script per engine build so that each
// worker downloads only the build it runs. This module sits one folder below the package on
// purpose, like wasmGcBuild.js: the relative URLs below then lead to the same scripts from the
// unbundled sources and from a bundle one folder below the package (e.g. target/). The
// `new Worker(new URL("…", import.meta.url), { type: "module" })` form is written out literally
// because app bundlers (Vite, Rollup, webpack 5) recognise exactly that form and bundle each
// worker with its imports; the worker scripts import nothing by bare name, so they also run as
// they are, unbundled.

// Vite 7's dev server pre-bundles dependencies with esbuild into node_modules/.vite/deps/, which
// keeps `new URL("…", import.meta.url)` as it is: from there it names no file. The dev server
// still serves the package where npm installed it, so the worker scripts are taken from there.
// (Vite 8's dev server and every production build rewrite the URLs below.)
const VITE_PRE_BUNDLED = /\/node_modules\/\.vite\/deps\//;

/** A dedicated module worker running the storage worker of `build` ("wasm-gc" or "js"), or the script at `workerUrl`. */
export function startOwnerWorker(build, workerUrl) {
  if (workerUrl !== undefined) {
    return new Worker(workerUrl, { type: "module" });
  }
  if (VITE_PRE_BUNDLED.test(import.meta.url)) {
    const script = build === "js" ? "owner-worker-js.js" : "owner-worker.js";
    return new Worker(new URL(`/node_modules/cojson-storage-opfs/src/owner/${script}`, location.href), { type: "module" });
  }
  if (build === "js") {
    return new Worker(new URL("../src/owner/owner-worker-js.js", import.meta.url), { type: "module" });
  }
  return new Worker(new URL("../src/owner/owner-worker.js", import.meta.url), { type: "module" });
}
