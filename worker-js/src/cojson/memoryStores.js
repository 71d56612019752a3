// openMemoryStore for a loaded engine build, and what every /memory entry exports (memory.js in
// browsers, memory-node.js under Node, memory-js.js in workerd and elsewhere): they differ only in
// how the build loads.

import { storeError } from "../protocol/errors.js";
import { invalid } from "./args.js";
import { isOpen, openShared } from "./handles.js";
import { durability as durabilityOption, optionalName, options } from "./options.js";
import { salvageBytes } from "./salvage.js";

export function memoryOpener(api) {
  /**
   * A store in memory: empty, or on a copy of `bytes` (from exportBytes()). With a `name`, opening
   * that name again while it is open gives another handle on the same store.
   */
  return function openMemoryStore(opts) {
    const { name, bytes, durability } = options(opts, "openMemoryStore");
    optionalName(name, "name");
    const mode = durabilityOption(durability);
    if (bytes !== undefined && !(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer)) {
      throw invalid("bytes must be a Uint8Array or an ArrayBuffer");
    }
    const key = name === undefined ? null : `memory:${name}`;
    if (key !== null && bytes !== undefined && isOpen(key)) {
      throw storeError("LOCKED", `memory store ${name} is already open; close it before opening it from bytes`);
    }
    const data = bytes === undefined ? null : bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    return openShared(key, () => api.openRowsMemoryWith(data, mode), undefined, mode);
  };
}

/**
 * { openMemoryStore, salvageMemoryStore } on the engine `api`. salvageMemoryStore is the read-only
 * salvage of a damaged store's file bytes (from exportBytes(), or a file read some other way):
 * { bytes, intact, damaged, report }, where `bytes` is a fresh store holding only the CoValues that
 * are provably complete. It never changes `bytes`.
 */
export function memoryEntry(api) {
  return { openMemoryStore: memoryOpener(api), salvageMemoryStore: (opts) => salvageBytes(api, opts) };
}

/** The Wasm GC build where `loadEngine` can load it, else the JS build. */
export async function preferredEngine(loadEngine) {
  try {
    return await loadEngine("auto");
  } catch {
    return await loadEngine("js");
  }
}
