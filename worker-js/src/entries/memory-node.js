// Entry `cojson-storage-opfs/memory` under Node: a store in memory. Returns synchronously: the
// engine build loads here, at import (top-level await): Wasm GC where Node runs it (22+), the JS
// build otherwise (Node 20).

import "../cojson/useCojson.js";
import { loadEngine } from "../nodeEngines.js";
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
