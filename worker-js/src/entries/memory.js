// Entry `cojson-storage-opfs/memory` in browsers: a store in memory. Returns synchronously: the
// engine build loads here, at import (top-level await): Wasm GC where the browser runs it, the JS
// build otherwise.

import "../cojson/useCojson.js";
import { loadEngine } from "../browserEngines.js";
import { memoryEntry, preferredEngine } from "../cojson/memoryStores.js";

export const { openMemoryStore, salvageMemoryStore } = memoryEntry(await preferredEngine(loadEngine));
