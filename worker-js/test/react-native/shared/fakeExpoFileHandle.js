// A stand-in for expo-file-system's FileHandle with the semantics its documentation gives
// (expo-file-system 58, File.types.ts): readBytesSync(length) and writeBytesSync(bytes) at the
// handle's `offset`, which each advances; `offset` may be set anywhere, and "if set to a value
// greater than the file size, the next write appends data at the end of the file"; `size`; close(),
// after which offset and size are null and every read or write throws. No flush, no truncate.
//
// The bytes live in a backend: { read(at, length) → Uint8Array, write(at, bytes), size(), close() }
// (an fd under Node, an in-memory image on Hermes). `hooks.beforeWrite(at, bytes)` may return a
// prefix length to write before throwing: the crash tests cut writes with it.

export function fakeExpoFileHandle(backend, hooks = {}) {
  let offset = 0;
  let closed = false;
  const calls = { reads: 0, writes: 0, appendsPastEnd: 0 };

  function open() {
    if (closed) {
      throw new Error("file handle is closed");
    }
  }

  const handle = {
    calls,
    readBytesSync(length) {
      open();
      calls.reads++;
      const size = backend.size();
      if (offset >= size) {
        return new Uint8Array(0);
      }
      const bytes = backend.read(offset, Math.min(length, size - offset));
      offset += bytes.length;
      return bytes;
    },
    writeBytesSync(bytes) {
      open();
      calls.writes++;
      const size = backend.size();
      let at = offset;
      if (at > size) {
        // Documented: past the end, the write lands at the end.
        calls.appendsPastEnd++;
        at = size;
      }
      const cut = hooks.beforeWrite ? hooks.beforeWrite(at, bytes) : undefined;
      if (cut !== undefined) {
        if (cut > 0) {
          backend.write(at, bytes.subarray(0, cut));
        }
        throw new Error(`crash: write of ${bytes.length} bytes at ${at} cut after ${cut}`);
      }
      backend.write(at, bytes.slice());
      offset = at + bytes.length;
    },
    close() {
      if (!closed) {
        closed = true;
        backend.close();
      }
    },
  };
  Object.defineProperty(handle, "offset", {
    get() { return closed ? null : offset; },
    set(value) { open(); offset = value; },
  });
  Object.defineProperty(handle, "size", {
    get() { return closed ? null : backend.size(); },
  });
  return handle;
}

/** A growable in-memory file image (the Hermes-side backend): `bytes()` is the file's content. */
export function memoryBackend(initial = new Uint8Array(0)) {
  let data = new Uint8Array(Math.max(initial.length, 4096));
  data.set(initial);
  let length = initial.length;
  return {
    read(at, count) {
      return data.slice(at, Math.min(length, at + count));
    },
    write(at, bytes) {
      const end = at + bytes.length;
      if (end > data.length) {
        const grown = new Uint8Array(Math.max(end, data.length * 2));
        grown.set(data.subarray(0, length));
        data = grown;
      }
      data.set(bytes, at);
      length = Math.max(length, end);
    },
    size() {
      return length;
    },
    close() {},
    bytes() {
      return data.slice(0, length);
    },
  };
}
