// Loads one of the two TeaVM builds of the engine, once per JS realm. Both export the same API
// (openHandle, openMemory, isOpfsSupported); they differ only in speed and where they run.

import { storeError } from "./storeError.js";

export { storeError };

/**
 * The package's dist/ folder, computed only when a build is loaded by URL: workerd gives modules
 * an empty import.meta, and its entry imports the JS build statically, so it must never get here.
 */
function dist(path) {
  return new URL(path, new URL("../dist/", import.meta.url));
}

// The smallest module with a GC type (an empty struct): it validates only where Wasm GC exists.
const WASM_GC_PROBE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x03, 0x01, 0x5f, 0x00]);

const loaded = new Map();

/** True where this runtime can run the Wasm GC build (current Chromium, Firefox, Safari; Node 22+). */
export function hasWasmGc() {
  return typeof WebAssembly === "object" && WebAssembly.validate(WASM_GC_PROBE);
}

/** The engine's exports; `engine` is "auto" (Wasm GC where it runs, else JS), "wasm-gc" or "js". */
export function loadEngine(engine = "auto") {
  const which = engine === "auto" ? (hasWasmGc() ? "wasm-gc" : "js") : engine;
  if (which !== "wasm-gc" && which !== "js") {
    throw storeError("INVALID_ARGUMENT", `engine must be "auto", "wasm-gc" or "js", got ${JSON.stringify(engine)}`);
  }
  if (!loaded.has(which)) {
    loaded.set(which, which === "wasm-gc" ? loadWasmGc() : import(dist("js/cojson-storage-opfs.js").href));
  }
  return loaded.get(which);
}

async function loadWasmGc() {
  const { load } = await import(dist("wasm-gc/cojson-storage-opfs.wasm-runtime.js").href);
  const wasmUrl = dist("wasm-gc/cojson-storage-opfs.wasm");
  // Under Node the loader would open a URL text as a file path; it takes the module's bytes too.
  const source = isNode() ? await (await import("node:fs/promises")).readFile(wasmUrl) : wasmUrl.href;
  const teavm = await load(source);
  return teavm.exports;
}

/** True under Node (not in a browser, a Web Worker or workerd). */
export function isNode() {
  return typeof process === "object" && process !== null && typeof process.versions?.node === "string"
    && typeof window === "undefined";
}
