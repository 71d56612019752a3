// Read-only salvage of a damaged store: the glue around the engine's salvageRows* exports, shared
// by the /worker (OPFS file) and /memory (bytes) entries.

import { invalid } from "./args.js";
import { options } from "./options.js";

/**
 * { bytes, intact, damaged, report } from the engine's JsSalvage: `bytes` is a fresh, valid store
 * holding only the intact CoValues (open it with openMemoryStore({ bytes }) or write it to a new
 * file); `intact` their ids; `damaged` the ids (or descriptions, where the id itself is lost) of
 * the CoValues left out; `report` what was damaged, in words.
 */
export function salvageResult(salvage) {
  const { intact, damaged, report } = JSON.parse(salvage.summaryJson);
  return { bytes: salvage.bytes, intact, damaged, report };
}

/** Salvages a copy of a store's file bytes with a loaded engine build. */
export function salvageBytes(api, opts) {
  const { bytes } = options(opts, "salvageMemoryStore");
  if (!(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer)) {
    throw invalid("bytes must be a Uint8Array or an ArrayBuffer");
  }
  return salvageResult(api.salvageRowsMemory(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)));
}
