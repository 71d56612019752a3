// Entry `cojson-storage-opfs/node` everywhere but Node (browsers, workerd): the same export, which
// says where to go instead. Kept apart so that no browser bundler meets a node: import.

import { storeError } from "../engines.js";

export function openFileStore() {
  throw storeError("UNSUPPORTED_RUNTIME", "openFileStore needs Node; use cojson-storage-opfs/memory or /worker here");
}
