// The package's storage worker on the JS build (engine "js", or "auto" where the browser has no
// Wasm GC): as owner-worker.js, with the JS build imported statically instead of the Wasm GC one.

import * as jsBuild from "../../dist/js/cojson-storage-opfs.js";
import { runOwnerWorker } from "./ownerWorkerMain.js";

runOwnerWorker({ build: "js", engine: Promise.resolve(jsBuild) });
