// Engine builds for the browser entries that run next to the app's own code (/worker, /memory):
// both builds, imported statically (a dedicated worker bundled without code splitting, as Vite 7
// bundles workers by default, cannot load a module later), each loaded once per JS realm. The
// package's own storage worker has one build each (src/owner/).

import * as jsBuild from "../dist/js/cojson-storage-opfs.js";
import { engineBuild } from "./engines.js";
import { compileWasmGc, instantiateWasmGc } from "./wasmGcBuild.js";

let wasmGc;

/** The engine's exports; `engine` is "auto" (Wasm GC where it runs, else JS), "wasm-gc" or "js". */
export function loadEngine(engine = "auto") {
  if (engineBuild(engine) === "js") {
    return Promise.resolve(jsBuild);
  }
  wasmGc ??= compileWasmGc().then(instantiateWasmGc);
  return wasmGc;
}
