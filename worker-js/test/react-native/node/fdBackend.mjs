// Real files behind the tests' app files: fdBackend, the bytes of a fake Expo FileHandle (pread and
// pwrite on a descriptor, as Expo's native code keeps them: in the OS, written through on every
// call, never fsynced); and nativeFile, the app-file interface as a native module with ftruncate
// and fsync would offer it, counting those calls.

import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";

export function fdBackend(path) {
  const fd = openSync(path, "r+");
  return {
    read(at, length) {
      const bytes = new Uint8Array(length);
      const count = readSync(fd, bytes, 0, length, at);
      return count === length ? bytes : bytes.slice(0, count);
    },
    write(at, bytes) {
      for (let done = 0; done < bytes.length;) {
        done += writeSync(fd, bytes, done, bytes.length - done, at + done);
      }
    },
    size() {
      return fstatSync(fd).size;
    },
    close() {
      closeSync(fd);
    },
  };
}

export function nativeFile(path) {
  const fd = openSync(path, "r+");
  const calls = { truncate: 0, flush: 0 };
  return {
    calls,
    read(at, length) {
      const bytes = new Uint8Array(length);
      return bytes.subarray(0, readSync(fd, bytes, 0, length, at));
    },
    write(at, bytes) {
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    },
    size: () => fstatSync(fd).size,
    truncate(size) {
      calls.truncate++;
      ftruncateSync(fd, size);
    },
    flush() {
      calls.flush++;
      fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}
