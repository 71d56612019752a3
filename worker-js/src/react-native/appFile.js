// The file an app hands to openFileStore under React Native, and the handle the engine gets over it.
//
// An app file is a small synchronous interface that a native module implements with pread, pwrite,
// fstat, ftruncate and fsync (or that fromExpoFileHandle builds over Expo's FileHandle):
//
//   read(at, length) → Uint8Array   up to `length` bytes at byte offset `at`; fewer only at the end
//   write(at, bytes)                all of `bytes` at `at`; `at` is never past the end of the file,
//                                   and `bytes` is valid only during the call (copy it)
//   size() → number                 the file's size in bytes
//   truncate(size)   (optional)     set the size (ftruncate)
//   flush()          (optional)     make every write so far durable (fsync; on iOS F_FULLFSYNC)
//   close()
//
// The engine calls the six methods of an OPFS sync access handle (read/write into views `{ at }`,
// getSize, truncate, flush, close); engineHandle() gives it those over the app file and keeps the
// two promises the engine relies on that an app file may not:
//   - Bytes past a growth read as zero. The handle tracks the file's size itself and, before a write
//     that starts past it, writes the zeros in between. So the app file never sees a write past its
//     end: Expo's handle, which puts such a write at the end instead, stays correct.
//   - truncate without a truncate: the handle takes the smaller size as the file's size for the rest
//     of the session (reads stop there; a later growth overwrites the kept bytes with zeros first).
//     The bytes stay in the file, so a reopen sees the file exactly as after a crash just before
//     the truncate, which recovery handles: stale log frames fail their salt and checksum.
// A flush the file cannot do does nothing: what that means for durability is said in the README.

import { storeError } from "../protocol/errors.js";

const ZEROS = new Uint8Array(64 * 1024);

/** The app file after checking its shape; INVALID_ARGUMENT names what is missing. */
export function appFile(file) {
  if (typeof file !== "object" || file === null) {
    throw storeError("INVALID_ARGUMENT",
      "file must be an object with read(at, length), write(at, bytes), size() and close(); wrap an Expo FileHandle with fromExpoFileHandle()");
  }
  if (typeof file.readBytesSync === "function" && typeof file.read !== "function") {
    throw storeError("INVALID_ARGUMENT",
      "file is an Expo FileHandle: pass fromExpoFileHandle(handle), which adds what the handle lacks");
  }
  const missing = ["read", "write", "size", "close"].filter((name) => typeof file[name] !== "function");
  for (const name of ["truncate", "flush"]) {
    if (file[name] !== undefined && typeof file[name] !== "function") {
      missing.push(`${name} (optional, but then a function)`);
    }
  }
  if (missing.length > 0) {
    throw storeError("INVALID_ARGUMENT", `file lacks ${missing.join(", ")}`);
  }
  return file;
}

/**
 * The sync-access-handle face the engine drives, over a checked app file. `counters` (optional)
 * collects what the handle did for the file: zero fills, truncates kept in memory, flushes skipped.
 */
export function engineHandle(file, counters = newCounters()) {
  let size = sizeOf(file);
  let closed = false;

  function zeroFill(from, to) {
    for (let at = from; at < to; at += ZEROS.length) {
      file.write(at, to - at >= ZEROS.length ? ZEROS : ZEROS.subarray(0, to - at));
    }
    counters.zeroFills++;
    counters.zeroFilledBytes += to - from;
  }

  return {
    read(view, { at }) {
      return io(() => {
        if (at >= size) {
          return 0;
        }
        const wanted = Math.min(view.length, size - at);
        const bytes = file.read(at, wanted);
        if (!(bytes instanceof Uint8Array)) {
          throw new TypeError(`read(${at}, ${wanted}) returned ${typeof bytes}, not a Uint8Array`);
        }
        const count = Math.min(bytes.length, wanted);
        view.set(count === bytes.length ? bytes : bytes.subarray(0, count));
        return count;
      });
    },
    write(view, { at }) {
      return io(() => {
        if (at > size) {
          zeroFill(size, at);
          size = at;
        }
        file.write(at, view);
        size = Math.max(size, at + view.length);
        return view.length;
      });
    },
    getSize() {
      return size;
    },
    truncate(newSize) {
      io(() => {
        if (typeof file.truncate === "function") {
          file.truncate(newSize);
        } else if (newSize > size) {
          zeroFill(size, newSize);
        } else if (newSize < size) {
          counters.truncatesKept++;
        }
        size = newSize;
      });
    },
    flush() {
      io(() => {
        if (typeof file.flush === "function") {
          file.flush();
        } else {
          counters.flushesSkipped++;
        }
      });
    },
    close() {
      if (!closed) {
        closed = true;
        io(() => file.close());
      }
    },
  };
}

/** What engineHandle did for a file that lacks something (see stats().appFile). */
export function newCounters() {
  return { zeroFills: 0, zeroFilledBytes: 0, truncatesKept: 0, flushesSkipped: 0 };
}

function sizeOf(file) {
  const size = io(() => file.size());
  if (!Number.isSafeInteger(size) || size < 0) {
    throw storeError("IO", `the file's size() returned ${String(size)}, not a byte count`);
  }
  return size;
}

/**
 * Runs one call of the app file. The engine reads an error's name and message: a full disk
 * (ENOSPC, EDQUOT, or the words iOS and Android use for it) becomes a QuotaExceededError, which the
 * engine reports as QUOTA; everything else is IO.
 */
function io(call) {
  try {
    return call();
  } catch (e) {
    const message = e != null && e.message !== undefined ? String(e.message) : String(e);
    const error = new Error(message, { cause: e });
    error.name = isFull(e, message) ? "QuotaExceededError" : (typeof e?.name === "string" ? e.name : "Error");
    throw error;
  }
}

function isFull(e, message) {
  return e?.name === "QuotaExceededError" || e?.code === "ENOSPC" || e?.code === "EDQUOT" || e?.code === "QUOTA"
    || /ENOSPC|EDQUOT|no space left|not enough space|out of space|quota/i.test(message);
}
