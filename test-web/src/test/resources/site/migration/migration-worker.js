// A dedicated module worker for MigrationFromIndexedDBTest: writes real data with the real
// cojson-storage-indexeddb, migrates it into an OPFS store with the package's migrateFromIndexedDB,
// and reads both sides back. One request per worker:
//   { op: "write", db }  a new account, a group, 120 small CoMaps, 10 CoLists, a CoMap with 300
//     edits, a ~600 KB binary stream (several checkpoint signatures), an unsynced entry and a
//     pending delete, all through getIndexedDBStorage(db); answers { accountID, accountSecret, ids }.
//   { op: "source", db, accountID, accountSecret, ids }  what a LocalNode on IndexedDB alone loads
//     (each CoValue's toJSON and known state), the database's rows in canonical form, a raw dump of
//     every object store, and the payload bytes.
//   { op: "migrate", db, name, abortAfterProgress?, prewriteHalf? }  openOpfsStore(name) +
//     migrateFromIndexedDB; with abortAfterProgress = n, aborts its signal on the n-th progress
//     report; with prewriteHalf, first writes half of the longest session into the store (as an
//     interrupted copy would have) and answers what it wrote as { prewritten }. Posts
//     { progress } for every report (so the page can terminate the worker mid-way), then answers
//     { result } or { error: { code, message } }, with the progress reports and the store's stats.
//   { op: "target", name, accountID, accountSecret, ids }  the same as "source" from the OPFS store
//     alone.
//   { op: "readThroughIdbClient", db }  { ms, transactions }: every row read through the real
//     client, the reference the migration's speed is compared with.
//   { op: "raw", db }  a raw dump of every object store of the database, rowIDs and all.
//   { op: "databases" }  the names indexedDB.databases() lists.

import { LocalNode, StorageApiAsync, StorageApiSync } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import { getIndexedDBStorage } from "cojson-storage-indexeddb";
import { migrateFromIndexedDB, openOpfsStore } from "cojson-storage-opfs/worker";

const cryptoReady = WasmCrypto.create();

function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(undefined);
  });
}

// A terminated worker's sync access handle is released a moment later: retry LOCKED.
async function openRetrying(name) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openOpfsStore({ name });
    } catch (e) {
      if (e.code !== "LOCKED" || attempt >= 100) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function write({ db }) {
  const crypto = await cryptoReady;
  const storage = await getIndexedDBStorage(db);
  const { node, accountID, accountSecret } = await LocalNode.withNewlyCreatedAccount({
    creationProps: { name: "Migrating user" }, crypto, peers: [], storage,
  });
  const group = node.createGroup();
  const ids = [accountID, group.id];
  for (let i = 0; i < 120; i++) {
    const map = group.createMap();
    map.set("title", `note ${i} ✓`);
    map.set("index", i, "trusting");
    ids.push(map.id);
  }
  for (let i = 0; i < 10; i++) {
    const list = group.createList();
    for (let j = 0; j < 10; j++) list.append(`item ${i}.${j}`);
    ids.push(list.id);
  }
  const edited = group.createMap();
  for (let i = 0; i < 300; i++) {
    edited.set(`k${i % 40}`, { round: i, text: "x".repeat(i % 50) });
    await nextTask(); // one cojson transaction per edit
  }
  ids.push(edited.id);
  const stream = group.createBinaryStream();
  stream.startBinaryStream({ mimeType: "application/octet-stream", fileName: "blob.bin", totalSizeBytes: 600_000 });
  for (let offset = 0; offset < 600_000; offset += 60_000) {
    const chunk = new Uint8Array(60_000);
    for (let b = 0; b < chunk.length; b++) chunk[b] = (offset + b * 7) & 0xff;
    stream.pushBinaryStreamChunk(chunk);
    await nextTask();
  }
  stream.endBinaryStream();
  ids.push(stream.id);
  const deleted = group.createMap();
  deleted.set("doomed", true);
  ids.push(deleted.id);
  // Erased below: not in `ids`, which lists what must load through cojson.
  const erased = group.createMap();
  erased.set("gone", true);
  await Promise.all([...ids, erased.id].map((id) => node.syncManager.waitForStorageSync(id)));
  // What a sync peer and deletes would leave in the database, written through the real client: a
  // pending delete, and an erased CoValue (its delete done, its sessions gone, its header kept).
  const client = storage.dbClient;
  await client.trackCoValuesSyncState([{ id: ids[2], peerId: "peer_server", synced: false }]);
  await client.transaction((tx) => tx.markCoValueAsDeleted(deleted.id));
  await client.transaction((tx) => tx.markCoValueAsDeleted(erased.id));
  await client.eraseCoValueButKeepTombstone(erased.id);
  await node.gracefulShutdown();
  return { accountID, accountSecret, ids };
}

const transactionCount = (known) => Object.values(known.sessions).reduce((a, b) => a + b, 0);

/** Each CoValue as a LocalNode on `storage` alone loads it: toJSON and known state. */
async function loadThroughCojson({ accountID, accountSecret, ids }, storage, knownStateOf) {
  const node = await LocalNode.withLoadedAccount({
    accountID, accountSecret, sessionID: undefined, peers: [], crypto: await cryptoReady, storage,
  });
  const contents = {};
  for (const id of ids) {
    const value = await node.load(id);
    if (value === "unavailable") {
      contents[id] = "unavailable";
      continue;
    }
    // A long history streams in from storage after load() resolves.
    const stored = await knownStateOf(id);
    const deadline = performance.now() + 30000;
    while (transactionCount(value.core.knownState()) < transactionCount(stored) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    contents[id] = { json: value.toJSON(), known: sorted(value.core.knownState().sessions) };
  }
  await node.gracefulShutdown();
  return contents;
}

function sorted(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function openIdb(db) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(db);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function getAll(idb, storeName, query, index) {
  return new Promise((resolve, reject) => {
    const store = idb.transaction([storeName], "readonly").objectStore(storeName);
    const request = (index ? store.index(index) : store).getAll(query);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The rows of the IndexedDB database, canonical: by coValue id and sessionID, rowIDs left out. */
async function idbRows(idb) {
  const rows = {};
  for (const coValue of await getAll(idb, "coValues")) {
    const sessions = {};
    for (const s of await getAll(idb, "sessions", coValue.rowID, "sessionsByCoValue")) {
      const range = IDBKeyRange.bound([s.rowID, 0], [s.rowID, Infinity]);
      sessions[s.sessionID] = {
        lastIdx: s.lastIdx, lastSignature: s.lastSignature, bytesSinceLastSignature: s.bytesSinceLastSignature ?? null,
        txs: (await getAll(idb, "transactions", range)).map((t) => [t.idx, JSON.stringify(t.tx)]),
        signatures: (await getAll(idb, "signatureAfter", range)).map((g) => [g.idx, g.signature]),
      };
    }
    rows[coValue.id] = { header: JSON.stringify(coValue.header), sessions: sorted(sessions) };
  }
  const unsynced = [...new Set((await getAll(idb, "unsyncedCoValues")).map((u) => u.coValueId))].sort();
  const pendingDeletes = (await getAll(idb, "deletedCoValues")).filter((d) => d.status === "pending")
    .map((d) => d.coValueID).sort();
  return { coValues: sorted(rows), unsynced, pendingDeletes };
}

/** The same canonical rows read through the OPFS store's cojson client. */
function storeRows(client) {
  const rows = {};
  for (let offset = 0; ; offset += 100) {
    const page = client.getCoValueIDs(100, offset);
    if (page.length === 0) break;
    for (const { id } of page) {
      const coValue = client.getCoValue(id);
      const sessions = {};
      for (const s of client.getCoValueSessions(coValue.rowID)) {
        sessions[s.sessionID] = {
          lastIdx: s.lastIdx, lastSignature: s.lastSignature, bytesSinceLastSignature: s.bytesSinceLastSignature ?? null,
          txs: client.getNewTransactionInSession(s.rowID, 0, Number.MAX_SAFE_INTEGER).map((t) => [t.idx, JSON.stringify(t.tx)]),
          signatures: client.getSignatures(s.rowID, 0).map((g) => [g.idx, g.signature]),
        };
      }
      rows[id] = { header: JSON.stringify(coValue.header), sessions: sorted(sessions) };
    }
  }
  return {
    coValues: sorted(rows), unsynced: client.getUnsyncedCoValueIDs().sort(),
    pendingDeletes: client.getAllCoValuesWaitingForDelete().sort(),
  };
}

/** Every object store's rows as they are, rowIDs and all: the database must not change. */
async function rawDump(idb) {
  const dump = { version: idb.version };
  for (const name of [...idb.objectStoreNames].sort()) dump[name] = await getAll(idb, name);
  return JSON.stringify(dump);
}

async function source(request) {
  const idb = await openIdb(request.db);
  try {
    const rows = await idbRows(idb);
    let payloadBytes = 0;
    for (const { header, sessions } of Object.values(rows.coValues)) {
      payloadBytes += header.length;
      for (const s of Object.values(sessions)) {
        for (const [, tx] of s.txs) payloadBytes += tx.length;
        for (const [, signature] of s.signatures) payloadBytes += signature.length;
      }
    }
    const storage = await getIndexedDBStorage(request.db);
    const contents = await loadThroughCojson(request, storage, (id) => storage.dbClient.getCoValueKnownState(id));
    return { rows, contents, payloadBytes };
  } finally {
    idb.close();
  }
}

async function target(request) {
  const store = await openRetrying(request.name);
  try {
    const rows = storeRows(store.client);
    const contents = await loadThroughCojson(request, new StorageApiSync(store.client),
      (id) => store.client.getCoValueKnownState(id));
    store.verify();
    return { rows, contents };
  } finally {
    store.close();
  }
}

/**
 * Writes the first half of the database's longest session into the store through cojson's sync
 * client, as an interrupted copy would have left it: { id, sessionID, prewritten, lastIdx }.
 */
async function prewriteHalfOfLongestSession(store, db) {
  const idb = await openIdb(db);
  try {
    const longest = (await getAll(idb, "sessions")).reduce((a, b) => (b.lastIdx > a.lastIdx ? b : a));
    const [coValue] = await getAll(idb, "coValues", longest.coValue);
    const half = Math.floor(longest.lastIdx / 2);
    const txs = await getAll(idb, "transactions", IDBKeyRange.bound([longest.rowID, 0], [longest.rowID, half - 1]));
    const coValueRowID = store.client.upsertCoValue(coValue.id, coValue.header);
    store.client.transaction((tx) => {
      const ses = tx.addSessionUpdate({ sessionUpdate: {
        coValue: coValueRowID, sessionID: longest.sessionID, lastIdx: half, lastSignature: longest.lastSignature,
      } });
      for (const t of txs) tx.addTransaction(ses, t.idx, t.tx);
    });
    return { id: coValue.id, sessionID: longest.sessionID, prewritten: half, lastIdx: longest.lastIdx };
  } finally {
    idb.close();
  }
}

async function migrate({ db, name, abortAfterProgress, prewriteHalf }) {
  const store = await openRetrying(name);
  const controller = new AbortController();
  const progress = [];
  try {
    const prewritten = prewriteHalf ? await prewriteHalfOfLongestSession(store, db) : undefined;
    const result = await migrateFromIndexedDB(store, {
      indexedDBName: db,
      signal: controller.signal,
      onProgress(report) {
        progress.push(report);
        postMessage({ ok: true, progress: report });
        if (progress.length === abortAfterProgress) controller.abort();
      },
    });
    return { result, progress, prewritten, stats: store.stats() };
  } catch (e) {
    if (typeof e.code !== "string") throw e;
    return { error: { code: e.code, message: e.message }, progress, stats: store.stats() };
  } finally {
    store.close();
  }
}

/**
 * The same-run reference for the migration's speed: every row of the database read through
 * cojson-storage-indexeddb's own client (its getCoValue, getCoValueSessions, getSignatures,
 * getNewTransactionInSession), as cojson would read it, one CoValue after another; in ms.
 */
async function readThroughIdbClient({ db }) {
  const idb = await openIdb(db);
  const ids = (await getAll(idb, "coValues")).map((row) => row.id);
  idb.close();
  const client = (await getIndexedDBStorage(db)).dbClient;
  const started = performance.now();
  let transactions = 0;
  for (const id of ids) {
    const coValue = await client.getCoValue(id);
    for (const session of await client.getCoValueSessions(coValue.rowID)) {
      await client.getSignatures(session.rowID, 0);
      transactions += (await client.getNewTransactionInSession(session.rowID, 0, session.lastIdx)).length;
    }
  }
  return { ms: performance.now() - started, transactions };
}

async function raw({ db }) {
  const idb = await openIdb(db);
  try {
    return { dump: await rawDump(idb) };
  } finally {
    idb.close();
  }
}

async function databases() {
  return { names: (await indexedDB.databases()).map((d) => d.name).sort() };
}

const OPS = { write, source, migrate, target, raw, databases, readThroughIdbClient };

self.onmessage = async ({ data: request }) => {
  try {
    postMessage({ ok: true, value: await OPS[request.op](request) });
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.stack ?? e.message ?? e) });
  }
};
