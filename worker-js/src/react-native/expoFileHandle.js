// An app file (see appFile.js) over expo-file-system's FileHandle (`new File(...).open()`), which
// reads and writes synchronously at its `offset` and has `size` and `close()`, but no flush and no
// truncate. What the store does without them is in appFile.js; what it means for durability, in the
// README ("React Native"). The store never writes past the end of the file (it writes the zeros of
// a gap first), so the handle's rule that such a write lands at the end instead never applies.

import { storeError } from "../protocol/errors.js";

/** Wraps an open Expo FileHandle (read-write mode) for openFileStore({ file }). */
export function fromExpoFileHandle(handle) {
  if (typeof handle !== "object" || handle === null || typeof handle.readBytesSync !== "function"
      || typeof handle.writeBytesSync !== "function" || typeof handle.close !== "function") {
    throw storeError("INVALID_ARGUMENT",
      "fromExpoFileHandle takes an expo-file-system FileHandle: new File(Paths.document, name).open()");
  }
  // Where the handle's offset is, so that sequential calls (the log's appends) skip the seek; NaN
  // after a failed call, when it is unknown.
  let position = Number.NaN;

  function seek(at) {
    if (at !== position) {
      position = Number.NaN;
      handle.offset = at;
      position = at;
    }
  }

  return {
    read(at, length) {
      seek(at);
      position = Number.NaN;
      const bytes = handle.readBytesSync(length);
      position = at + bytes.length;
      return bytes;
    },
    write(at, bytes) {
      seek(at);
      position = Number.NaN;
      handle.writeBytesSync(bytes);
      position = at + bytes.length;
    },
    size() {
      const size = handle.size;
      if (typeof size !== "number") {
        // Expo gives null once the handle is closed, or when the platform cannot tell.
        throw new Error(`the Expo FileHandle has no size (${String(size)}): is it closed?`);
      }
      return size;
    },
    close() {
      position = Number.NaN;
      handle.close();
    },
  };
}
