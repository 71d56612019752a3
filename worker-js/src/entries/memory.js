// Entry `cojson-storage-opfs/memory`: a store in memory, in any JS runtime. Returns synchronously:
// the engine build loads here, at import (top-level await). Wasm GC where the runtime runs it,
// the JS build otherwise (also where Wasm GC validates but its loader is not allowed, as in
// Cloudflare Workers, which forbid runtime code generation).

import { loadEngine } from "../engines.js";
import { memoryOpener } from "../cojson/memoryStores.js";
import { salvageBytes } from "../cojson/salvage.js";

async function loadPreferred() {
  try {
    return await loadEngine("auto");
  } catch {
    return await loadEngine("js");
  }
}

const api = await loadPreferred();

export const openMemoryStore = memoryOpener(api);

/**
 * Read-only salvage of a damaged store's file bytes (from exportBytes(), or a file read some other
 * way): { bytes, intact, damaged, report }, where `bytes` is a fresh store holding only the CoValues
 * that are provably complete. Never changes `bytes`.
 */
export const salvageMemoryStore = (opts) => salvageBytes(api, opts);
