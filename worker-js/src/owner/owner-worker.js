// The package's storage worker on the Wasm GC build: a dedicated module worker that openOpfsClient
// starts, one per client. It owns the OPFS file when it holds the store's Web Lock and serves every
// tab's requests; otherwise it passes its tab's requests to the owner (ownership.js). It imports
// nothing by bare name, so it runs as it is (unbundled) and bundles without cojson. The .wasm is
// fetched and compiled from the moment this script runs, while the tab still decides what to open.

import { compileWasmGc, instantiateWasmGc } from "../wasmGcBuild.js";
import { runOwnerWorker } from "./ownerWorkerMain.js";

runOwnerWorker({ build: "wasm-gc", engine: compileWasmGc().then(instantiateWasmGc) });
