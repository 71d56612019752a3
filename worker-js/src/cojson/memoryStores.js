// openMemoryStore for a loaded engine build; the /memory entries pick the build.

import { storeError } from "../protocol/errors.js";
import { invalid } from "./args.js";
import { isOpen, openShared } from "./handles.js";
import { durability as durabilityOption, optionalName, options } from "./options.js";

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
