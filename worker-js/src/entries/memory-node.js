// Entry `cojson-storage-opfs/memory` under Node: a store in memory. Returns synchronously: the
// engine build loads here, at import (top-level await): Wasm GC where Node runs it (22+), the JS
// build otherwise (Node 20).

import "../cojson/useCojson.js";
import { loadEngine } from "../nodeEngines.js";
import { memoryEntry, preferredEngine } from "../cojson/memoryStores.js";

export const { openMemoryStore, salvageMemoryStore } = memoryEntry(await preferredEngine(loadEngine));
