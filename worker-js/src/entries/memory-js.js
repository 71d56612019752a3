// Entry `cojson-storage-opfs/memory` under the "workerd" export condition (Cloudflare Workers) and
// every runtime without a condition of its own: the JS build, imported statically so that bundlers
// include it; workerd cannot run the Wasm GC loader (it generates code at run time).

import "../cojson/useCojson.js";
import * as api from "../../dist/js/cojson-storage-opfs.js";
import { memoryEntry } from "../cojson/memoryStores.js";

export const { openMemoryStore, salvageMemoryStore } = memoryEntry(api);
