// The engines under test, each opened the way an app would open it, and handed over as the
// DB client cojson receives. Every peer offers: open(name) -> { client, ops, close(), flush(),
// fileBytes(), bytesWritten() }, remove(name). Engines load lazily (dynamic import), so a
// worker pays only for the ones it runs.

import { asyncOps, syncOps } from "./ops.js";

async function ours() {
  return import("cojson-storage-opfs/worker");
}

async function removeOpfsFile(name) {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(name).catch((e) => {
    if (e?.name !== "NotFoundError") throw e;
  });
}

function opfsPeer(engine, durability) {
  return {
    kind: "sync",
    async open(name) {
      const { openOpfsStore } = await ours();
      // A store just closed by this worker may keep its handle for a moment: retry LOCKED briefly.
      let store;
      for (let attempt = 0; ; attempt++) {
        try {
          store = await openOpfsStore({ name: `bench-${name}`, engine, durability });
          break;
        } catch (e) {
          if (e?.code !== "LOCKED" || attempt > 50) throw e;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      return {
        client: store.client,
        ops: syncOps,
        store,
        close: () => store.close(),
        flush: () => store.flush(),
        fileBytes: () => store.stats().fileBytes,
        bytesWritten: () => store.stats().bytesWritten,
      };
    },
    remove: (name) => removeOpfsFile(`bench-${name}`),
  };
}

// The memory store keeps a closed store's bytes, so that a "cold" reopen starts from a copy of
// the file with an empty page cache, as the OPFS stores do.
const memoryFiles = new Map();

const memoryPeer = {
  kind: "sync",
  async open(name) {
    const { openMemoryStore } = await import("cojson-storage-opfs/memory");
    const store = openMemoryStore({ bytes: memoryFiles.get(name) });
    return {
      client: store.client,
      ops: syncOps,
      store,
      close() {
        memoryFiles.set(name, store.exportBytes());
        store.close();
      },
      flush: () => {},
      fileBytes: () => store.stats().fileBytes,
      bytesWritten: () => store.stats().bytesWritten,
    };
  },
  async remove(name) {
    memoryFiles.delete(name);
  },
};

// sqlite-wasm: one module and one opfs-sahpool VFS per worker, installed at first use (W11
// measures that start-up on its own).
let sqlitePool;

export async function sqliteStart() {
  const { default: sqlite3InitModule } = await import("@sqlite.org/sqlite-wasm");
  const sqlite3 = await sqlite3InitModule();
  return sqlite3.installOpfsSAHPoolVfs({ name: "bench-sahpool", directory: "/bench-sahpool", initialCapacity: 24 });
}

async function pool() {
  sqlitePool ??= sqliteStart();
  return sqlitePool;
}

/** cojson's SQLiteDatabaseDriver over an oo1 database: the whole adapter cojson asks for. */
function driver(db) {
  return {
    run: (sql, params) => {
      db.exec({ sql, bind: params.length === 0 ? undefined : params });
    },
    get: (sql, params) => db.selectObject(sql, params.length === 0 ? undefined : params),
    query: (sql, params) => db.selectObjects(sql, params.length === 0 ? undefined : params),
    transaction: (callback) => {
      db.transaction(() => {
        callback();
      });
    },
    closeDb: () => db.close(),
  };
}

const TUNED_PRAGMAS = ["PRAGMA locking_mode=EXCLUSIVE", "PRAGMA page_size=16384", "PRAGMA journal_mode=WAL"];

function sqlitePeer(tuned) {
  return {
    kind: "sync",
    async open(name) {
      const sahpool = await pool();
      const { getSqliteStorage } = await import("cojson");
      const db = new sahpool.OpfsSAHPoolDb(`/${name}.sqlite3`);
      if (tuned) {
        for (const pragma of TUNED_PRAGMAS) db.exec(pragma);
      }
      const d = driver(db);
      // getSqliteStorage runs cojson's migrations and wraps cojson's SQLiteClient: take the client.
      const client = getSqliteStorage(d).dbClient;
      return {
        client,
        ops: syncOps,
        close: () => d.closeDb(),
        flush: () => {},
        fileBytes: () => fileBytes(sahpool, name),
        bytesWritten: () => null,
      };
    },
    async remove(name) {
      const sahpool = await pool();
      for (const suffix of ["", "-journal", "-wal"]) {
        sahpool.unlink(`/${name}.sqlite3${suffix}`);
      }
    },
  };
}

function fileBytes(sahpool, name) {
  let total = 0;
  for (const suffix of ["", "-journal", "-wal"]) {
    const file = `/${name}.sqlite3${suffix}`;
    if (sahpool.getFileNames().includes(file)) {
      total += sahpool.exportFile(file).byteLength;
    }
  }
  return total;
}

const indexedDbPeer = {
  kind: "async",
  async open(name) {
    const { getIndexedDBStorage } = await import("cojson-storage-indexeddb");
    const client = (await getIndexedDBStorage(`bench-${name}`)).dbClient;
    return {
      client,
      ops: asyncOps,
      close: () => client.db.close(),
      flush: () => {},
      fileBytes: () => null,
      bytesWritten: () => null,
    };
  },
  async remove(name) {
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase(`bench-${name}`);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error(`IndexedDB bench-${name} is still open`));
    });
  },
};

// The raw sync access handle as a W4 peer: the same number of commits, each the same bytes as
// this store's log frame appended and flushed, in the same worker right next to the engines.
const rawOpfsPeer = {
  kind: "raw",
  async open(name) {
    const root = await navigator.storage.getDirectory();
    const handle = await (await root.getFileHandle(`bench-${name}`, { create: true })).createSyncAccessHandle();
    handle.truncate(0);
    return { raw: handle, close: () => handle.close(), flush: () => handle.flush(), fileBytes: () => handle.getSize() };
  },
  remove: (name) => removeOpfsFile(`bench-${name}`),
};

export const PEERS = {
  "raw-opfs": rawOpfsPeer,
  "opfs-wasm": opfsPeer("wasm-gc", "durable"),
  "opfs-js": opfsPeer("js", "durable"),
  "opfs-wasm-relaxed": opfsPeer("wasm-gc", "relaxed"),
  memory: memoryPeer,
  sqlite: sqlitePeer(false),
  "sqlite-tuned": sqlitePeer(true),
  indexeddb: indexedDbPeer,
};
