// Engine builds under Node: Wasm GC on Node 22+ (the .wasm read from the package's dist/), the JS
// build on Node 20. Only the "node" export condition leads here, so no browser bundler sees the
// node: import.

import { readFileSync } from "node:fs";
import * as jsBuild from "../dist/js/cojson-storage-opfs.js";
import { engineBuild } from "./engines.js";
import { instantiateWasmGc, wasmUrl } from "./wasmGcBuild.js";

let wasmGc;

/** The engine's exports; `engine` is "auto" (Wasm GC where it runs, else JS), "wasm-gc" or "js". */
export function loadEngine(engine = "auto") {
  if (engineBuild(engine) === "js") {
    return Promise.resolve(jsBuild);
  }
  wasmGc ??= instantiateWasmGc(readFileSync(wasmUrl()));
  return wasmGc;
}
