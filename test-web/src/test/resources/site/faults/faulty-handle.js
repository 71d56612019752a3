// A stand-in for a FileSystemSyncAccessHandle: the same six methods, each forwarded to the real
// handle, except that a chosen write throws first, as the browser throws when the origin's quota
// is exhausted (a DOMException named QuotaExceededError) or on another I/O error. The engine takes
// any object with these methods where it takes a handle (openRowsHandle), so production code
// needs no test hook.

export class FaultyHandle {
  constructor(real) {
    this.real = real;
    this.writes = 0;
    this.failAtWrite = -1;
    this.failName = "";
    this.readsToFail = 0;
    this.failures = 0;
  }

  /** The write `n` calls from now (0: the next one) throws a DOMException named `name`. */
  failWrite(n, name) {
    this.failAtWrite = this.writes + n;
    this.failName = name;
  }

  /** The next `count` reads throw (a read error while the store recovers or opens). */
  failReads(count) {
    this.readsToFail = count;
  }

  read(buffer, options) {
    if (this.readsToFail > 0) {
      this.readsToFail--;
      this.failures++;
      throw new DOMException("injected read failure", "InvalidStateError");
    }
    return this.real.read(buffer, options);
  }

  write(buffer, options) {
    if (this.writes++ === this.failAtWrite) {
      this.failures++;
      throw new DOMException("injected failure of write " + (this.writes - 1), this.failName);
    }
    return this.real.write(buffer, options);
  }

  getSize() {
    return this.real.getSize();
  }

  truncate(size) {
    return this.real.truncate(size);
  }

  flush() {
    return this.real.flush();
  }

  close() {
    return this.real.close();
  }
}
