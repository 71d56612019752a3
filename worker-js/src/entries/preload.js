// Entry `cojson-storage-opfs/preload`: imported for its effect, first thing in an app's entry
// module (`import "cojson-storage-opfs/preload";`), it starts the storage worker before the rest of
// the app evaluates; getOpfsStorage() later adopts that worker. Importing the main entry does the
// same, only as late as the bundle evaluates it. Imports nothing else (no cojson), so it costs
// almost nothing to evaluate.

import { prestart } from "../client/prestart.js";

prestart();
