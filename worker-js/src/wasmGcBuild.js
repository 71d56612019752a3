// The Wasm GC build: TeaVM's loader, imported statically, and the .wasm file, named by a literal
// `new URL("…", import.meta.url)`: the two forms Vite, Rollup, webpack 5 and esbuild follow, so an
// app's bundler ships both (esbuild keeps the URL as it is: its bundle must sit one folder below a
// copy of the package's dist/, as this file does). The loader is made browser-safe by
// scripts/browser-safe-wasm-runtime.mjs (no import() left in it).

import { load } from "../dist/wasm-gc/cojson-storage-opfs.wasm-runtime.js";

/** The URL of the .wasm file. A function: workerd gives modules no import.meta.url, and never calls it. */
export function wasmUrl() {
  return new URL("../dist/wasm-gc/cojson-storage-opfs.wasm", import.meta.url);
}

// Compiled with the JS string builtins where the browser has them; TeaVM's loader supplies a
// polyfill for the rest, as when it compiles the module itself.
const COMPILE_OPTIONS = { builtins: ["js-string"] };

/**
 * Fetches and compiles the .wasm while the download streams in; a server that sends it with
 * another Content-Type than application/wasm costs a second fetch, not a failure.
 */
export async function compileWasmGc(url = wasmUrl()) {
  try {
    return await WebAssembly.compileStreaming(fetch(url), COMPILE_OPTIONS);
  } catch (error) {
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error(`cannot load the storage engine ${url} (HTTP ${response.status}); is the package's dist/ served?`, { cause: error });
    }
    return WebAssembly.compile(await response.arrayBuffer(), COMPILE_OPTIONS);
  }
}

/** The engine's exports from a compiled WebAssembly.Module or the .wasm file's bytes. */
export async function instantiateWasmGc(moduleOrBytes) {
  return (await load(moduleOrBytes)).exports;
}
