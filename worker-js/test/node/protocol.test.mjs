// The operation table (src/protocol/operations.js) against cojson's own storage interfaces, every
// client built from it against the table, and a browser tab's client through an owner's dispatch
// (test/node/tab.mjs stands in for the postMessage between them): what it answers without a round
// trip, that its commits are one engine call each, and that its answers stay what cojson expects.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { openMemoryStore } from "cojson-storage-opfs/memory";
import { LocalNode, StorageApiAsync, crypto } from "./helpers.mjs";
import { HEADER, transactionAt } from "./rows.mjs";
import { inProcessOwner, inProcessTab } from "./tab.mjs";

const packageRoot = new URL("../../", import.meta.resolve("cojson-storage-opfs/memory"));
const load = (path) => import(new URL(path, packageRoot).href);
const { CLIENT_OPERATIONS, KIND, OPERATIONS, TX_OPERATIONS } = await load("src/protocol/operations.js");
const { createRemoteClient } = await load("src/client/remoteClient.js");
const { bufferedTransaction } = await load("src/client/bufferedTransaction.js");
const { createReadCache } = await load("src/client/readCache.js");
const { createServer, SERVED } = await load("src/owner/serve.js");
const { asStoreErrorData, errorFromData, storeError } = await load("src/protocol/errors.js");
const modules = { createRemoteClient, createServer, asStoreErrorData, errorFromData };

/** Method names of `interface name { ... }` in cojson's storage/types.ts. */
function interfaceMethods(source, name) {
  const start = source.indexOf(`export interface ${name} {`);
  assert.ok(start >= 0, `cojson's types.ts declares ${name}`);
  const body = source.slice(start, source.indexOf("\n}", start));
  return [...body.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]).sort();
}

const cojsonTypes = readFileSync(new URL("../src/storage/types.ts", import.meta.resolve("cojson")), "utf8");
const names = (entries) => entries.map(([name]) => name).sort();
const keys = (object) => Object.keys(object).sort();

describe("the operation table", () => {
  test("holds every method of cojson's client and transaction interfaces, and nothing else", () => {
    const clientSync = interfaceMethods(cojsonTypes, "DBClientInterfaceSync");
    assert.deepEqual(interfaceMethods(cojsonTypes, "DBClientInterfaceAsync"), clientSync);
    assert.deepEqual(names(CLIENT_OPERATIONS), clientSync);
    assert.deepEqual(names(TX_OPERATIONS), interfaceMethods(cojsonTypes, "DBTransactionInterfaceAsync"));
    assert.deepEqual(names(TX_OPERATIONS.filter(([, op]) => !op.asyncOnly)),
      interfaceMethods(cojsonTypes, "DBTransactionInterfaceSync"));
  });

  test("declares for every operation a kind, an argument check, and an engine call with its wire types", () => {
    for (const [name, op] of Object.entries(OPERATIONS)) {
      assert.ok(Object.values(KIND).includes(op.kind), `${name} has a kind`);
      assert.equal(typeof op.check, "function", `${name} checks its arguments`);
      if (op.kind === KIND.TRANSACTION) continue;
      assert.equal(typeof op.engine, "function", `${name} has its engine call`);
      assert.equal(typeof op.decode, "function", `${name} decodes the answer`);
      assert.match(op.wire, /^[sSnb]*$/, `${name} declares its wire types`);
      assert.equal(op.kind === KIND.TX_WRITE, typeof op.record === "string", `${name}: a transaction write has a commit record`);
    }
  });

  test("refuses a bad argument with INVALID_ARGUMENT before any engine call", () => {
    assert.throws(() => OPERATIONS.getNewTransactionInSession.check([1, "0", 2]), { code: "INVALID_ARGUMENT" });
    assert.throws(() => OPERATIONS.addTransaction.check([1, 0, { big: 1n }]), { code: "INVALID_ARGUMENT" });
    assert.throws(() => OPERATIONS.trackCoValuesSyncState.check([[{ id: "a\0b", peerId: "p", synced: true }]]),
      { code: "INVALID_ARGUMENT" });
  });
});

describe("every client built from the table", () => {
  test("exposes exactly the table's methods", () => {
    const store = openMemoryStore();
    try {
      assert.deepEqual(keys(store.client), names(CLIENT_OPERATIONS));
      assert.deepEqual(keys(store.asyncClient), names(CLIENT_OPERATIONS));
      store.client.transaction((tx) => {
        assert.deepEqual(keys(tx), names(TX_OPERATIONS.filter(([, op]) => !op.asyncOnly)));
      });
      const tab = inProcessTab(inProcessOwner(store, modules), modules);
      assert.deepEqual(keys(tab).filter((key) => key !== "roundTrips"), names(CLIENT_OPERATIONS));
      const buffered = bufferedTransaction({ request: () => undefined, cache: createReadCache(), context: {}, countLocal: () => {} });
      assert.deepEqual(keys(buffered.tx), names(TX_OPERATIONS));
    } finally {
      store.close();
    }
  });

  test("the owner serves every operation that reaches the engine by itself, and a tab's commit", () => {
    const bySelf = [KIND.READ, KIND.WRITE, KIND.FIRE_AND_FORGET, KIND.TX_READ];
    assert.deepEqual([...SERVED.keys()].sort(),
      [...Object.entries(OPERATIONS).filter(([, op]) => bySelf.includes(op.kind)).map(([name]) => name), "commit"].sort());
  });

  test("the async client's transaction gets a tx with exactly the table's transaction methods", async () => {
    const store = openMemoryStore();
    try {
      await store.asyncClient.transaction(async (tx) => {
        assert.deepEqual(keys(tx), names(TX_OPERATIONS));
      });
    } finally {
      store.close();
    }
  });
});

/** A store, its owner, and `count` tabs on it. */
function tabs(count) {
  const store = openMemoryStore();
  const owner = inProcessOwner(store, modules);
  return { store, tabs: Array.from({ length: count }, () => inProcessTab(owner, modules)) };
}

function delta(before, after) {
  const byOp = {};
  for (const [op, n] of Object.entries(after.byOp)) {
    if (n !== (before.byOp[op] ?? 0)) byOp[op] = n - (before.byOp[op] ?? 0);
  }
  return { messages: after.messages - before.messages, byOp };
}

async function counted(tab, action) {
  const before = tab.roundTrips();
  const value = await action();
  return { value, ...delta(before, tab.roundTrips()) };
}

describe("a browser tab's client", () => {
  test("stores an edit in one round trip and loads each CoValue in one, through cojson", async () => {
    const { store, tabs: [writer, reader] } = tabs(2);
    try {
      const { node, accountID, accountSecret } = await LocalNode.withNewlyCreatedAccount({
        creationProps: { name: "tab" }, crypto, storage: new StorageApiAsync(writer),
      });
      const map = node.createGroup().createMap();
      map.set("first", 1, "trusting");
      await node.syncManager.waitForStorageSync(map.id);
      const edit = await counted(writer, async () => {
        map.set("second", 2, "trusting");
        await node.syncManager.waitForStorageSync(map.id);
      });
      assert.deepEqual({ messages: edit.messages, byOp: edit.byOp }, { messages: 1, byOp: { commit: 1 } },
        "the upsert and the session read are answered by the tab, the commit is the one round trip");
      await node.gracefulShutdown();

      const loaded = await counted(reader, async () => {
        const again = await LocalNode.withLoadedAccount({ accountID, accountSecret, sessionID: undefined, crypto,
          peers: [], storage: new StorageApiAsync(reader) });
        const content = (await again.load(map.id)).toJSON();
        await again.gracefulShutdown();
        return content;
      });
      assert.deepEqual(loaded.value, { first: 1, second: 2 });
      assert.deepEqual(Object.keys(loaded.byOp), ["getCoValue"], "every read after getCoValue came with its answer");
      assert.ok(loaded.messages <= loaded.byOp.getCoValue, `one round trip per CoValue at most: ${JSON.stringify(loaded)}`);
      store.verify();
    } finally {
      store.close();
    }
  });

  test("hands each piece of a load out once: a second read of it goes to the owner and is a fresh object", async () => {
    const { store, tabs: [tab] } = tabs(1);
    try {
      const coValue = await tab.upsertCoValue("co_zA", HEADER);
      await tab.transaction(async (tx) => {
        const ses = await tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: "a_session_z1", lastIdx: 3,
          lastSignature: "signature_z3" } });
        for (let i = 0; i < 3; i++) await tx.addTransaction(ses, i, transactionAt(i));
      });
      const load = await counted(tab, async () => {
        const row = await tab.getCoValue("co_zA");
        const [session] = await tab.getCoValueSessions(row.rowID);
        const signatures = await tab.getSignatures(session.rowID, 0);
        const first = await tab.getNewTransactionInSession(session.rowID, 0, 1);
        const rest = await tab.getNewTransactionInSession(session.rowID, 2, 2);
        return { row, session, signatures, first, rest };
      });
      assert.equal(load.messages, 1);
      assert.deepEqual(load.value.first.map((r) => r.idx), [0, 1]);
      assert.deepEqual(load.value.rest.map((r) => r.idx), [2]);
      load.value.first[0].tx.madeAt = 0;
      const again = await counted(tab, () => tab.getNewTransactionInSession(load.value.session.rowID, 0, 2));
      assert.deepEqual(again.byOp, { getNewTransactionInSession: 1 });
      assert.deepEqual(again.value.map((r) => r.tx), [transactionAt(0), transactionAt(1), transactionAt(2)]);
      const sessionsAgain = await counted(tab, () => tab.getCoValueSessions(coValue));
      assert.deepEqual(sessionsAgain.byOp, { getCoValueSessions: 1 });
    } finally {
      store.close();
    }
  });

  test("two loads of one CoValue at once share one request, and each gets every piece of the same state", async () => {
    const { store, tabs: [tab] } = tabs(1);
    try {
      const coValue = await tab.upsertCoValue("co_zA", HEADER);
      await tab.transaction(async (tx) => {
        const ses = await tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: "a_session_z1", lastIdx: 2,
          lastSignature: "signature_z2" } });
        for (let i = 0; i < 2; i++) await tx.addTransaction(ses, i, transactionAt(i));
      });
      const loadOnce = async () => {
        const row = await tab.getCoValue("co_zA");
        const [session] = await tab.getCoValueSessions(row.rowID);
        await tab.getSignatures(session.rowID, 0);
        return { row, txs: await tab.getNewTransactionInSession(session.rowID, 0, session.lastIdx - 1) };
      };
      const both = await counted(tab, () => Promise.all([loadOnce(), loadOnce()]));
      assert.deepEqual({ messages: both.messages, byOp: both.byOp }, { messages: 1, byOp: { getCoValue: 1 } });
      const [a, b] = both.value;
      assert.deepEqual(a, b);
      assert.notEqual(a.txs[0], b.txs[0], "each load has its own objects");
      assert.equal(a.txs.length, 2);
    } finally {
      store.close();
    }
  });

  test("never hands out a piece of an older state after a newer load of the CoValue answered", async () => {
    const { store, tabs: [reader, writer] } = tabs(2);
    try {
      const coValue = await writer.upsertCoValue("co_zA", HEADER);
      const append = (idx) => writer.transaction(async (tx) => {
        const row = await tx.getSingleCoValueSession(coValue, "a_session_z1");
        const ses = await tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: "a_session_z1", lastIdx: idx + 1,
          lastSignature: `signature_z${idx + 1}` }, sessionRow: row });
        await tx.addTransaction(ses, idx, transactionAt(idx));
      });
      await append(0);
      const older = await reader.getCoValue("co_zA");
      const [olderSession] = await reader.getCoValueSessions(older.rowID);
      await append(1);
      const newer = await reader.getCoValue("co_zA");
      const [newerSession] = await reader.getCoValueSessions(newer.rowID);
      assert.deepEqual([olderSession.lastIdx, newerSession.lastIdx], [1, 2]);
      // The older load may get rows of the newer state (a later state holds what it promised), never
      // the reverse: the newer load, promised two transactions, must get both.
      const olderRead = await reader.getNewTransactionInSession(olderSession.rowID, 0, 0);
      assert.deepEqual(olderRead.map((r) => r.idx), [0]);
      const newerRead = await reader.getNewTransactionInSession(newerSession.rowID, 0, 1);
      assert.deepEqual(newerRead.map((r) => r.idx), [0, 1]);
    } finally {
      store.close();
    }
  });

  test("drops the rest of a load once it commits to that CoValue, so its next read sees its write", async () => {
    const { store, tabs: [tab] } = tabs(1);
    try {
      const coValue = await tab.upsertCoValue("co_zA", HEADER);
      const row = await tab.getCoValue("co_zA");
      await tab.transaction(async (tx) => {
        await tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: "a_session_z1", lastIdx: 0,
          lastSignature: "signature_z0" } });
      });
      assert.deepEqual((await tab.getCoValueSessions(row.rowID)).map((s) => s.sessionID), ["a_session_z1"]);
    } finally {
      store.close();
    }
  });

  test("a session read that another tab made stale conflicts, and the retry runs on the rows the conflict answered",
    async () => {
      const { store, tabs: [a, b] } = tabs(2);
      try {
        const coValue = await a.upsertCoValue("co_zA", HEADER);
        await b.upsertCoValue("co_zA", HEADER);
        const append = (tab, key) => tab.transaction(async (tx) => {
          const row = await tx.getSingleCoValueSession(coValue, "shared_session_z1");
          const lastIdx = row?.lastIdx ?? 0;
          const ses = await tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: "shared_session_z1",
            lastIdx: lastIdx + 1, lastSignature: `signature_z${lastIdx + 1}` }, sessionRow: row });
          await tx.addTransaction(ses, lastIdx, { ...transactionAt(lastIdx), changes: key });
        });
        await append(a, "a-0");
        await append(b, "b-0");
        const stale = await counted(a, () => append(a, "a-1"));
        assert.deepEqual(stale.byOp, { commit: 2 }, "the stale cached read conflicted once; the retry needed no read");
        assert.equal(a.roundTrips().conflicts, 1);
        const [session] = store.client.getCoValueSessions(coValue);
        assert.equal(session.lastIdx, 3);
        assert.deepEqual(store.client.getNewTransactionInSession(session.rowID, 0, 9).map((r) => r.tx.changes),
          ["a-0", "b-0", "a-1"]);
      } finally {
        store.close();
      }
    });

  test("keeps an error's code, message and cause from the owner", async () => {
    const { store, tabs: [tab] } = tabs(1);
    try {
      await assert.rejects(tab.getNewTransactionInSession(1, 0.5, 2), (e) => e.code === "INVALID_ARGUMENT"
        && /fromIdx/.test(e.message));
      const error = errorFromData(structuredClone(asStoreErrorData(storeError("IO", "write failed",
        Object.assign(new Error("QuotaExceededError: no space"), { name: "QuotaExceededError" })))));
      assert.equal(error.code, "IO");
      assert.equal(error.message, "IO: write failed");
      assert.equal(error.cause.name, "QuotaExceededError");
      assert.equal(error.cause.message, "QuotaExceededError: no space");
      const failed = errorFromData(structuredClone(asStoreErrorData(new TypeError("boom"))));
      assert.equal(failed.code, "FAILED");
      assert.equal(failed.cause.name, "TypeError");
    } finally {
      store.close();
    }
  });
});
