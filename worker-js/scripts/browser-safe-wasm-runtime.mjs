// Makes TeaVM's generated Wasm GC loader (dist/wasm-gc/cojson-storage-opfs.wasm-runtime.js) safe
// for every bundler and for a dedicated worker built without code splitting, and lets it take a
// compiled WebAssembly.Module. Run by the Maven build (package phase) after the TeaVM builds are
// copied into dist/; idempotent.
//
// Why: the package imports this loader statically, so app bundlers see all of it. TeaVM 0.16.0's
// loader holds three import() calls the package never takes (it passes the module itself, never a
// path, and no Emscripten modules, and its module has no JS imports to resolve):
//   - import("node:fs/promises") to read a path under Node: webpack 5 stops on it
//     (UnhandledSchemeError), Vite turns it into a chunk, which Vite 7's default iife worker refuses;
//   - import(moduleName) for a module's JS imports, import(pathToJs) for Emscripten modules:
//     computed imports that no bundler can follow.
// Each becomes a rejected promise with the same meaning. And load(source) compiles `source` with
// WebAssembly.compile unless it is a URL text; a WebAssembly.Module is passed through instead, so
// the worker can compile the .wasm while it waits for the store's lock (src/wasmGcBuild.js).
//
// The patterns are TeaVM 0.16.0's exact minified text: each must occur exactly once, so a new
// TeaVM version that changes them fails the build here instead of shipping an unsafe loader.

import { readFileSync, writeFileSync } from "node:fs";

const MARKER = "/* cojson-storage-opfs: browser-safe loader, see scripts/browser-safe-wasm-runtime.mjs */\n";
const unsupported = (what) => `Promise.reject(new Error("cojson-storage-opfs: ${what} is not supported by this build of the loader"))`;

const PATCHES = [
  { what: "the Node file read", from: 'import("node:fs/promises")', to: unsupported("loading the .wasm from a file path") },
  { what: "the JS imports of the module", from: "await import(a)", to: `await ${unsupported("a Wasm module with JS imports")}` },
  { what: "the Emscripten modules", from: "import(t),WebAssembly.compileStreaming(r)", to: `${unsupported("an Emscripten module")},WebAssembly.compileStreaming(r)` },
  {
    what: "a compiled module as the source",
    from: 'async function J(e,t){if(typeof e!=="string"){',
    to: 'async function J(e,t){if(e instanceof WebAssembly.Module){return e}if(typeof e!=="string"){',
  },
];

const file = process.argv[2] ?? new URL("../dist/wasm-gc/cojson-storage-opfs.wasm-runtime.js", import.meta.url);
let text = readFileSync(file, "utf8");
if (text.startsWith(MARKER)) {
  console.log(`${file}: already browser-safe`);
  process.exit(0);
}
for (const { what, from, to } of PATCHES) {
  const count = text.split(from).length - 1;
  if (count !== 1) {
    console.error(`${file}: expected ${JSON.stringify(from)} (${what}) exactly once, found it ${count} times; `
      + "did the TeaVM version change? Update scripts/browser-safe-wasm-runtime.mjs");
    process.exit(1);
  }
  text = text.replace(from, to);
}
if (/\bimport\s*\(/.test(text)) {
  console.error(`${file}: an import() is left after patching; update scripts/browser-safe-wasm-runtime.mjs`);
  process.exit(1);
}
writeFileSync(file, MARKER + text);
console.log(`${file}: made browser-safe (${PATCHES.length} patches)`);
