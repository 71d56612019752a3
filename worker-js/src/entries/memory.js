// Entry `cojson-storage-opfs/memory`: a store in memory, in any JS runtime. Returns synchronously:
// the engine build loads here, at import (top-level await). Wasm GC where the runtime runs it,
// the JS build otherwise (also where Wasm GC validates but its loader is not allowed, as in
// Cloudflare Workers, which forbid runtime code generation).

import { loadEngine } from "../engines.js";
import { memoryOpener } from "../cojson/memoryStores.js";

async function loadPreferred() {
  try {
    return await loadEngine("auto");
  } catch {
    return await loadEngine("js");
  }
}

export const openMemoryStore = memoryOpener(await loadPreferred());
