// Entry `cojson-storage-opfs/preload`: imported first thing in an app's entry module
// (`import "cojson-storage-opfs/preload";`), it starts the storage worker before the rest of the
// app evaluates; getOpfsStorage() later adopts that worker. Importing the main entry does the same,
// only as late as the bundle evaluates it. An app that passes a workerUrl (esbuild) calls
// preloadOpfsStorage({ workerUrl }) right after importing it, which replaces the default worker
// before it has done anything. Imports nothing else (no cojson), so it costs almost nothing.

import { preloadOpfsStorage, prestartOnImport } from "../client/prestart.js";

export { preloadOpfsStorage };

prestartOnImport();
