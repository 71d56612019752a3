// Stands in for libsql's Database inside cojson's testStorage.ts only (see vitest.config.mjs).
// testStorage.ts wraps `new Database(filename)` in its SQLite drivers and hands a driver to
// getSqliteStorage[Async]; our replacements for those take the filename from it and open our
// store there. So no SQLite file is ever created, and every other line of testStorage.ts
// (file names, cleanup, message logging) runs as cojson wrote it.
export default class PathOnlyDatabase {
  constructor(filename) {
    this.filename = filename;
  }

  // The async driver's initialize() asks for WAL mode; meaningless for our store.
  pragma() {}

  prepare(sql) {
    throw new Error(`conformance harness: SQL reached a storage that is not SQLite: ${sql}`);
  }

  close() {}
}
