import { storeError } from "./protocol/errors.js";

// What every engine loader shares: the error shape, and which build runs where. The builds
// themselves are loaded by one module per runtime, chosen by the package's `exports` conditions, so
// that no bundler meets code meant for another runtime:
//   browserEngines.js  browsers (the /worker and /memory entries): Wasm GC and JS builds
//   nodeEngines.js     Node: the same builds, the .wasm read from the file system
//   the owner workers  src/owner/owner-worker.js (Wasm GC) and owner-worker-js.js (JS), one build each
//   entries/memory-js.js  workerd and other runtimes: the JS build only

// The smallest module with a GC type (an empty struct): it validates only where Wasm GC exists.
const WASM_GC_PROBE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x03, 0x01, 0x5f, 0x00]);

/** True where this runtime can run the Wasm GC build (current Chromium, Firefox, Safari; Node 22+). */
export function hasWasmGc() {
  return typeof WebAssembly === "object" && WebAssembly.validate(WASM_GC_PROBE);
}

/** The build `engine` ("auto", "wasm-gc" or "js") names here: "wasm-gc" or "js"; INVALID_ARGUMENT otherwise. */
export function engineBuild(engine = "auto") {
  if (engine === "auto") {
    return hasWasmGc() ? "wasm-gc" : "js";
  }
  if (engine !== "wasm-gc" && engine !== "js") {
    throw storeError("INVALID_ARGUMENT", `engine must be "auto", "wasm-gc" or "js", got ${JSON.stringify(engine)}`);
  }
  return engine;
}

/** An Error with a stable `code`, the same shape the engine throws (src/protocol/errors.js). */
export { storeError } from "./protocol/errors.js";
