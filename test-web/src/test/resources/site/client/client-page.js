// The main-thread client on a page: cojson's LocalNode with storage = getOpfsStorage(), and direct
// client transactions for the many-tabs and conflict tests. Bare imports: CojsonBrowserBundle
// bundles this file with cojson and the package into /pkg/target/client-page.js. The package's
// owner workers are bundled too (/pkg/target/owner-worker.js, owner-worker-js.js: one per engine
// build), as an app's bundler does with the workers its code starts, and passed as workerUrl.

import { LocalNode, StorageApiAsync } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import { getOpfsStorage, openOpfsClient } from "cojson-storage-opfs";

const workerUrl = { "wasm-gc": "/pkg/target/owner-worker.js", js: "/pkg/target/owner-worker-js.js" };
const cryptoReady = WasmCrypto.create();

/** What changed between two counts by op. */
function countsSince(before, after) {
  const changed = {};
  for (const [op, n] of Object.entries(after)) {
    if (n !== (before[op] ?? 0)) changed[op] = n - (before[op] ?? 0);
  }
  return changed;
}

/** Round trips of `client` spent by `action`: messages, requests by op, calls answered without a request by op. */
async function counted(client, action) {
  const before = client.roundTrips();
  const value = await action();
  const after = client.roundTrips();
  return { value, roundTrips: { messages: after.messages - before.messages, byOp: countsSince(before.byOp, after.byOp),
    answeredLocally: countsSince(before.answeredLocally, after.answeredLocally) } };
}

const synced = (node, ids) => Promise.all(ids.map((id) => node.syncManager.waitForStorageSync(id)));

// { name, engine, edits }: a new account, group and CoMap with the edits applied, through cojson.
window.cojsonCreate = async ({ name, engine, edits }) => {
  const storage = await getOpfsStorage({ name, engine, workerUrl });
  const client = storage.dbClient;
  const { node, accountID, accountSecret } = await LocalNode.withNewlyCreatedAccount({
    creationProps: { name: "main-thread account" }, crypto: await cryptoReady, peers: [], storage,
  });
  const group = node.createGroup();
  const created = await counted(client, async () => {
    const map = group.createMap();
    await synced(node, [accountID, group.id, map.id]);
    return map;
  });
  const map = created.value;
  const oneEdit = await counted(client, async () => {
    map.set("first", "edit");
    await synced(node, [map.id]);
  });
  for (const [key, value] of edits) map.set(key, value);
  await synced(node, [map.id]);
  const stats = await client.stats();
  await node.gracefulShutdown();
  await client.close();
  return { accountID, accountSecret, mapID: map.id, stats,
    roundTrips: { createMap: created.roundTrips, oneEdit: oneEdit.roundTrips } };
};

// { name, engine, accountID, accountSecret, mapID }: loads the CoMap back through cojson.
window.cojsonRead = async ({ name, engine, accountID, accountSecret, mapID }) => {
  const storage = await getOpfsStorage({ name, engine, workerUrl });
  const client = storage.dbClient;
  let node;
  const { value, roundTrips } = await counted(client, async () => {
    node = await LocalNode.withLoadedAccount({
      accountID, accountSecret, sessionID: undefined, peers: [], crypto: await cryptoReady, storage,
    });
    const map = await node.load(mapID);
    return map === "unavailable" ? "unavailable" : map.toJSON();
  });
  await client.verify();
  const stats = await client.stats();
  // Closes the storage, and with it the client (as log out does).
  await node.gracefulShutdown();
  return { fields: value, stats, roundTrips };
};

// --- direct client transactions, shaped as cojson's storeSingle makes them ---

const header = (coValue) => ({ type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: null, uniqueness: coValue });

/**
 * Stores transaction `idx` of `sessionID` in `coValueRowID` as cojson's storeSingle does: reads
 * the session, skips what is already stored (so running it again after a conflict writes nothing
 * twice), then the session update and the transaction. `idx` undefined appends at the session's end.
 * `whileOpen` runs between the read and the commit.
 */
function storeTransaction(client, coValueRowID, sessionID, idx, key, whileOpen = async () => {}) {
  return client.transaction(async (tx) => {
    const row = await tx.getSingleCoValueSession(coValueRowID, sessionID);
    const lastIdx = row?.lastIdx ?? 0;
    await whileOpen();
    if (idx !== undefined && lastIdx > idx) return;
    const rowID = await tx.addSessionUpdate({
      sessionUpdate: { coValue: coValueRowID, sessionID, lastIdx: lastIdx + 1, lastSignature: `signature_z${lastIdx + 1}`,
        bytesSinceLastSignature: 0 },
      sessionRow: row,
    });
    await tx.addTransaction(rowID, lastIdx, { privacy: "trusting", madeAt: 1_700_000_000_000 + lastIdx,
      changes: JSON.stringify([{ op: "set", key, value: lastIdx }]) });
  });
}

/** Every transaction of every session of `id`, as { sessionID: [parsed changes' keys] }, and lastIdx. */
async function readCoValue(client, id) {
  const row = await client.getCoValue(id);
  if (!row) return undefined;
  const result = {};
  for (const session of await client.getCoValueSessions(row.rowID)) {
    const txs = await client.getNewTransactionInSession(session.rowID, 0, session.lastIdx - 1);
    result[session.sessionID] = { lastIdx: session.lastIdx, keys: txs.map((t) => JSON.parse(t.tx.changes)[0].key) };
  }
  return result;
}

let writer;

// { name, engine, tag }: writes transactions 0, 1, 2, … of one session of the CoValue
// "co_z<tag>" one transaction() each until stopWriter(); writerState() says which were acknowledged.
window.startWriter = async ({ name, engine, tag }) => {
  const client = await openOpfsClient({ name, engine, workerUrl });
  const id = `co_z${tag}`;
  const coValueRowID = await client.upsertCoValue(id, header(id));
  writer = { client, tag, acked: [], errors: [], running: true };
  writer.done = (async () => {
    for (let idx = 0; writer.running; idx++) {
      try {
        await storeTransaction(client, coValueRowID, `${tag}_session_z1`, idx, `${tag}-${idx}`);
        writer.acked.push(idx);
      } catch (error) {
        writer.errors.push(`${error.code}: ${error.message}`);
        break;
      }
    }
  })();
  return (await client.stats()).clientId;
};

window.writerState = async () => {
  const stats = await writer.client.stats();
  return { acked: writer.acked.length, errors: writer.errors, ownerId: stats.ownerId, clientId: stats.clientId };
};

window.stopWriter = async () => {
  writer.running = false;
  await writer.done;
  return { acked: writer.acked, errors: writer.errors, roundTrips: writer.client.roundTrips() };
};

// { name, engine, tags }: what each writer's CoValue holds, read through a fresh client; verifies the file.
window.readBack = async ({ name, engine, tags }) => {
  const client = await openOpfsClient({ name, engine, workerUrl });
  try {
    const coValues = {};
    for (const tag of tags) coValues[tag] = await readCoValue(client, `co_z${tag}`);
    await client.verify();
    return { coValues, ownerId: (await client.stats()).ownerId };
  } finally {
    await client.close();
  }
};

// { name, engine, count }: two clients (two workers: one owns the file, the other routes to it)
// store transactions into the SAME session. First a forced conflict: A reads the session, B
// commits a transaction, then A commits what it computed from its stale read; then both write
// `count` more each, concurrently. Answers the session as stored and both clients' counters.
window.conflictingWriters = async ({ name, engine, count }) => {
  const a = await openOpfsClient({ name, engine, workerUrl });
  const b = await openOpfsClient({ name, engine, workerUrl });
  try {
    const id = "co_zconflict";
    const coValueRowID = await a.upsertCoValue(id, header(id));
    const sessionID = "shared_session_z1";
    let interleaved = false;
    await storeTransaction(a, coValueRowID, sessionID, undefined, "a-0", async () => {
      if (interleaved) return;
      interleaved = true;
      await storeTransaction(b, coValueRowID, sessionID, undefined, "b-0");
    });
    // Both append at the end they read, concurrently (a few ms apart, as edits come): a stale end
    // must conflict and retry, never overwrite.
    const race = (client, who) => (async () => {
      for (let i = 1; i <= count; i++) {
        await storeTransaction(client, coValueRowID, sessionID, undefined, `${who}-${i}`);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      }
    })();
    await Promise.all([race(a, "a"), race(b, "b")]);
    await a.verify();
    return { session: (await readCoValue(a, id))[sessionID], a: a.roundTrips(), b: b.roundTrips() };
  } finally {
    await a.close();
    await b.close();
  }
};

// { name, engine, sessions, transactions }: stores a CoValue of `sessions` sessions with
// `transactions` transactions each, then loads it through cojson's StorageApiAsync; answers the
// round trips of the store (one cojson-shaped transaction per session) and of the load.
window.sessionRoundTrips = async ({ name, engine, sessions, transactions }) => {
  const client = await openOpfsClient({ name, engine, workerUrl });
  try {
    const id = `co_zsessions${sessions}`;
    const stored = await counted(client, async () => {
      const coValueRowID = await client.upsertCoValue(id, header(id));
      await Promise.all(Array.from({ length: sessions }, (_, s) => (async () => {
        for (let t = 0; t < transactions; t++) {
          await storeTransaction(client, coValueRowID, `s${s}_session_z1`, t, `s${s}-${t}`);
        }
      })()));
    });
    const loaded = await counted(client, () => new Promise((resolve) => {
      const messages = [];
      new StorageApiAsync(client).load(id, (message) => messages.push(message), () => resolve(messages));
    }));
    const newTransactions = loaded.value.flatMap((m) => Object.values(m.new)).reduce((n, s) => n + s.newTransactions.length, 0);
    return { store: stored.roundTrips, load: loaded.roundTrips, loadedTransactions: newTransactions };
  } finally {
    await client.close();
  }
};

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

// { name, engine, count, rounds }: `count` cojson-shaped transactions one after another, through a
// client whose worker owns the file and through a second client whose worker routes to it, in
// alternating rounds (each round a new session). Answers the median ms per transaction of each
// and every session's lastIdx, to check that all of it was stored.
window.commitTimings = async ({ name, engine, count, rounds }) => {
  const owner = await openOpfsClient({ name, engine, workerUrl });
  const routed = await openOpfsClient({ name, engine, workerUrl });
  try {
    const ownerStats = await owner.stats();
    if (ownerStats.ownerId !== ownerStats.clientId) throw new Error("the first client's worker should own the file");
    const id = "co_ztimings";
    const coValueRowID = await owner.upsertCoValue(id, header(id));
    const msPerTransaction = { owner: [], routed: [] };
    for (let round = 0; round < rounds; round++) {
      for (const [label, client] of [["owner", owner], ["routed", routed]]) {
        const started = performance.now();
        for (let i = 0; i < count; i++) {
          await storeTransaction(client, coValueRowID, `${label}${round}_session_z1`, i, `${label}-${i}`);
        }
        msPerTransaction[label].push((performance.now() - started) / count);
      }
    }
    const lastIdx = Object.values(await readCoValue(owner, id)).map((session) => session.lastIdx);
    return { ownerMs: median(msPerTransaction.owner), routedMs: median(msPerTransaction.routed), lastIdx,
      engine: ownerStats.engine };
  } finally {
    await routed.close();
    await owner.close();
  }
};

// { name, engine }: the async contract's rules (CONTRACT.md) as the main-thread client keeps
// them; answers one observation per rule, which the test compares with what the rule demands.
window.contractObservations = async ({ name, engine }) => {
  const client = await openOpfsClient({ name, engine, workerUrl });
  const seen = {};
  const commits = () => client.roundTrips().byOp.commit ?? 0;
  const id = "co_zcontract";
  const coValueRowID = await client.upsertCoValue(id, header(id));
  seen.unknownCoValue = String(await client.getCoValue("co_zunknown"));
  seen.upsertWithoutHeaderOfUnknown = String(await client.upsertCoValue("co_zunknown"));

  // A new session: the provisional rowID works for the transaction and the signature of the same tx,
  // and the tx reads its own session update back.
  let readBackInTx;
  await client.transaction(async (tx) => {
    const rowID = await tx.addSessionUpdate({ sessionUpdate: { coValue: coValueRowID, sessionID: "c_session_z1", lastIdx: 2,
      lastSignature: "signature_z2", bytesSinceLastSignature: 7 } });
    await tx.addTransaction(rowID, 0, { privacy: "trusting", madeAt: 1_700_000_000_001, changes: "[\"zero\"]" });
    await tx.addTransaction(rowID, 1, { privacy: "trusting", madeAt: 1_700_000_000_002, changes: "[\"one\"]" });
    await tx.addSignatureAfter({ sessionRowID: rowID, idx: 1, signature: "signature_z2" });
    readBackInTx = await tx.getSingleCoValueSession(coValueRowID, "c_session_z1");
    seen.provisionalRowIDReadBackInTx = readBackInTx.rowID === rowID;
  });
  const [session] = await client.getCoValueSessions(coValueRowID);
  seen.sessionAfterCommit = { lastIdx: session.lastIdx, lastSignature: session.lastSignature,
    bytesSinceLastSignature: session.bytesSinceLastSignature, rowIDIsReal: session.rowID >= 1 };
  seen.transactions = (await client.getNewTransactionInSession(session.rowID, 0, 1)).map((row) => JSON.parse(row.tx.changes)[0]);
  seen.signatures = (await client.getSignatures(session.rowID, 0)).map(({ idx, signature }) => ({ idx, signature }));

  // A callback that throws: rejects with its error, writes nothing, does not block the next one.
  const failed = await client.transaction(async (tx) => {
    await tx.markCoValueAsDeleted(id);
    throw new Error("callback failed");
  }).then(() => "resolved", (error) => error.message);
  seen.failedTransaction = failed;
  seen.waitingForDeleteAfterFailure = await client.getAllCoValuesWaitingForDelete();
  seen.nextTransactionResult = await client.transaction(async () => "next");

  // Calls made inside a callback are not queued behind it (that would deadlock).
  seen.readInsideCallback = await client.transaction(async () => (await client.getCoValueKnownState(id)).header);

  // A transaction that only reads sends no commit.
  const before = commits();
  await client.transaction((tx) => tx.getSingleCoValueSession(coValueRowID, "c_session_z1"));
  seen.commitsOfAReadOnlyTransaction = commits() - before;

  // A tx kept past its transaction rejects with CLOSED.
  let kept;
  await client.transaction(async (tx) => { kept = tx; });
  seen.txAfterItsTransaction = await kept.markCoValueAsDeleted(id).then(() => "resolved", (error) => error.code);

  // Fresh objects: mutating an answer changes nothing the next call returns.
  (await client.getCoValue(id)).header.type = "mutated";
  seen.headerTypeAfterMutation = (await client.getCoValue(id)).header.type;

  // Erase runs through this.transaction.
  const original = client.transaction;
  let transactionsDuringErase = 0;
  client.transaction = function (...args) { transactionsDuringErase++; return original.apply(this, args); };
  await client.eraseCoValueButKeepTombstone(id);
  client.transaction = original;
  seen.transactionsDuringErase = transactionsDuringErase;
  seen.sessionsAfterErase = (await client.getCoValueSessions(coValueRowID)).length;

  await client.close();
  // Fire-and-forget methods never reject, even on a closed client; other calls reject with CLOSED.
  seen.fireAndForgetAfterClose = await client.stopTrackingSyncState(id).then(() => "resolved", () => "rejected");
  seen.readAfterClose = await client.getCoValue(id).then(() => "resolved", (error) => error.code);
  return seen;
};

// { name, indexedDBName }: getOpfsStorage with migrateFromIndexedDB copies the cojson-storage-indexeddb
// database in the storage worker before it resolves; a second migration through the client is then
// already done. Answers { reports, again } after closing the client (the file is released).
window.migrateOnOpen = async ({ name, indexedDBName }) => {
  const reports = [];
  const storage = await getOpfsStorage({
    name, workerUrl, migrateFromIndexedDB: { indexedDBName, onProgress: (progress) => reports.push(progress) },
  });
  const again = await storage.dbClient.migrateFromIndexedDB({ indexedDBName });
  await storage.dbClient.close();
  return { reports, again };
};
