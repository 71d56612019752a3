// CONTRACT.md's rules on both clients of a store, through the public entries: undefined never
// null, fresh objects, inclusive ranges, atomic sync transactions, the async transaction queue,
// erase through this.transaction, fire-and-forget methods that never reject, lock settings read
// at call time.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { logger } from "cojson";
import { openMemoryStore } from "cojson-storage-opfs/memory";
import { cojsonInternals } from "./helpers.mjs";
import { DELETE_SESSION, HEADER, SESSION, transactionAt, writeCoValue } from "./rows.mjs";

function withStore(body) {
  return async () => {
    const store = openMemoryStore();
    try {
      await body(store);
    } finally {
      store.close();
    }
  };
}

describe("the sync client", () => {
  test("returns undefined, never null, for every missing row", withStore((store) => {
    const { client } = store;
    assert.equal(client.getCoValue("co_zMissing"), undefined);
    assert.equal(client.upsertCoValue("co_zMissing"), undefined);
    assert.equal(client.getCoValueKnownState("co_zMissing"), undefined);
    const { coValue } = writeCoValue(client, "co_zA", 1);
    client.transaction((tx) => {
      assert.equal(tx.getSingleCoValueSession(coValue, "co_zX_session_zNone"), undefined);
      assert.equal(tx.getStorageReconciliationLock("lock#nobody"), undefined);
    });
  }));

  test("returns a fresh object on every call, so cojson may mutate what it gets", withStore((store) => {
    const { client } = store;
    const { coValue, ses } = writeCoValue(client, "co_zA", 3);
    const first = client.getCoValue("co_zA");
    first.header.type = "mutated";
    assert.deepEqual(client.getCoValue("co_zA"), { rowID: coValue, id: "co_zA", header: HEADER });
    const sessions = client.getCoValueSessions(coValue);
    sessions.push("junk");
    assert.equal(client.getCoValueSessions(coValue).length, 1);
    const txs = client.getNewTransactionInSession(ses, 0, 2);
    txs[0].tx.madeAt = 0;
    assert.deepEqual(client.getNewTransactionInSession(ses, 0, 0)[0].tx, transactionAt(0));
  }));

  test("reads transactions in an inclusive range and signatures from an index on", withStore((store) => {
    const { client } = store;
    const { ses } = writeCoValue(client, "co_zA", 10);
    assert.deepEqual(client.getNewTransactionInSession(ses, 3, 5).map((r) => r.idx), [3, 4, 5]);
    assert.deepEqual(client.getNewTransactionInSession(ses, 9, 100).map((r) => r.idx), [9]);
    assert.deepEqual(client.getNewTransactionInSession(ses, 5, 4), []);
    assert.deepEqual(client.getNewTransactionInSession(ses, 7, 7)[0], { ses, idx: 7, tx: transactionAt(7) });
    assert.deepEqual(client.getSignatures(ses, 0), [{ ses, idx: 9, signature: "signature_z10" }]);
    assert.deepEqual(client.getSignatures(ses, 10), []);
  }));

  test("keeps transaction timestamps above 2^32 exact", withStore((store) => {
    const { ses } = writeCoValue(store.client, "co_zA", 1);
    assert.equal(store.client.getNewTransactionInSession(ses, 0, 0)[0].tx.madeAt, 1732480000123);
  }));

  test("rolls back everything a transaction callback did when it throws, and rethrows that error",
    withStore((store) => {
      const { client } = store;
      const { coValue } = writeCoValue(client, "co_zA", 2);
      const before = store.exportBytes();
      const boom = new Error("boom");
      assert.throws(() => client.transaction((tx) => {
        const ses = tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: "co_zB_session_zS9", lastIdx: 1,
          lastSignature: "signature_zX" } });
        tx.addTransaction(ses, 0, transactionAt(0));
        tx.markCoValueAsDeleted("co_zA");
        throw boom;
      }), (e) => e === boom);
      assert.equal(client.getCoValueSessions(coValue).length, 1);
      assert.deepEqual(client.getAllCoValuesWaitingForDelete(), []);
      assert.deepEqual(store.exportBytes(), before);
    }));

  test("returns what the transaction callback returns", withStore((store) => {
    assert.equal(store.client.transaction(() => 42), 42);
  }));

  test("tracks sync state per (id, peer) and lists each unsynced id once", withStore((store) => {
    const { client } = store;
    client.trackCoValuesSyncState([
      { id: "co_zA", peerId: "p1", synced: false },
      { id: "co_zA", peerId: "p2", synced: false },
      { id: "co_zB", peerId: "p1", synced: false },
    ]);
    assert.deepEqual(client.getUnsyncedCoValueIDs().sort(), ["co_zA", "co_zB"]);
    client.trackCoValuesSyncState([{ id: "co_zB", peerId: "p1", synced: true }]);
    assert.deepEqual(client.getUnsyncedCoValueIDs(), ["co_zA"]);
    client.stopTrackingSyncState("co_zA");
    assert.deepEqual(client.getUnsyncedCoValueIDs(), []);
  }));

  test("erases every session but the delete sessions and keeps the coValue row", withStore((store) => {
    const { client } = store;
    const { coValue } = writeCoValue(client, "co_zA", 3);
    client.transaction((tx) => {
      const del = tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: DELETE_SESSION, lastIdx: 1,
        lastSignature: "signature_zD" } });
      tx.addTransaction(del, 0, transactionAt(99));
      tx.markCoValueAsDeleted("co_zA");
    });
    assert.deepEqual(client.getAllCoValuesWaitingForDelete(), ["co_zA"]);
    client.eraseCoValueButKeepTombstone("co_zA");
    assert.deepEqual(client.getCoValueSessions(coValue).map((s) => s.sessionID), [DELETE_SESSION]);
    assert.deepEqual(client.getAllCoValuesWaitingForDelete(), []);
    assert.equal(client.getCoValueCount(), 1);
    assert.deepEqual(client.getCoValueKnownState("co_zA"), { id: "co_zA", header: true,
      sessions: { [DELETE_SESSION]: 1 } });
  }));

  test("pages coValue ids by rowID offset", withStore((store) => {
    const { client } = store;
    for (const id of ["co_z1", "co_z2", "co_z3"]) client.upsertCoValue(id, HEADER);
    assert.deepEqual(client.getCoValueIDs(2, 0), [{ id: "co_z1" }, { id: "co_z2" }]);
    assert.deepEqual(client.getCoValueIDs(2, 2), [{ id: "co_z3" }]);
    assert.equal(client.getCoValueCount(), 3);
  }));
});

describe("the async client", () => {
  test("runs transactions one at a time in call order", withStore(async (store) => {
    const { asyncClient } = store;
    const events = [];
    let releaseFirst;
    const firstMayEnd = new Promise((resolve) => { releaseFirst = resolve; });
    const first = asyncClient.transaction(async () => {
      events.push("first start");
      await firstMayEnd;
      events.push("first end");
    });
    const second = asyncClient.transaction(async () => { events.push("second"); });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(events, ["first start"]);
    releaseFirst();
    await Promise.all([first, second]);
    assert.deepEqual(events, ["first start", "first end", "second"]);
  }));

  test("rolls back and rejects a failed transaction without blocking the next one", withStore(async (store) => {
    const { asyncClient } = store;
    const coValue = await asyncClient.upsertCoValue("co_zA", HEADER);
    const failure = new Error("callback failed");
    const failed = asyncClient.transaction(async (tx) => {
      await tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: SESSION, lastIdx: 1, lastSignature: "s" } });
      throw failure;
    });
    const next = asyncClient.transaction(async (tx) => {
      await tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: "co_zB_session_zT", lastIdx: 2,
        lastSignature: "signature_zT" } });
    });
    await assert.rejects(failed, (e) => e === failure);
    await next;
    assert.deepEqual((await asyncClient.getCoValueSessions(coValue)).map((s) => s.sessionID), ["co_zB_session_zT"]);
  }));

  test("answers calls made inside a transaction callback without waiting for it to end", withStore(async (store) => {
    const { asyncClient } = store;
    const result = await asyncClient.transaction(async (tx) => {
      const coValue = await asyncClient.upsertCoValue("co_zInside", HEADER);
      const row = await asyncClient.getCoValue("co_zInside");
      await tx.markCoValueAsDeleted("co_zInside");
      return [coValue, row.rowID];
    });
    assert.deepEqual(result, [1, 1]);
    assert.deepEqual(await asyncClient.getAllCoValuesWaitingForDelete(), ["co_zInside"]);
  }));

  test("keeps a transaction open across awaits while other writes commit, with distinct session rowIDs",
    withStore(async (store) => {
      const { asyncClient, client } = store;
      const coValue = client.upsertCoValue("co_zA", HEADER);
      let release;
      const gate = new Promise((resolve) => { release = resolve; });
      let openSession;
      const open = asyncClient.transaction(async (tx) => {
        openSession = await tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: "co_zX_session_zOpen",
          lastIdx: 1, lastSignature: "signature_zO" } });
        await gate;
        await tx.addTransaction(openSession, 0, transactionAt(0));
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      // Meanwhile, writes outside that transaction commit at once.
      const other = client.upsertCoValue("co_zB", HEADER);
      client.trackCoValuesSyncState([{ id: "co_zB", peerId: "p", synced: false }]);
      const { ses: committedSession } = writeCoValue(client, "co_zC", 1);
      assert.deepEqual(client.getCoValueSessions(coValue), [], "the open transaction is not visible yet");
      release();
      await open;
      assert.notEqual(openSession, committedSession);
      assert.equal(other, 2);
      assert.deepEqual(client.getNewTransactionInSession(openSession, 0, 0)[0].tx, transactionAt(0));
      assert.deepEqual(client.getUnsyncedCoValueIDs(), ["co_zB"]);
    }));

  test("erases a coValue through its own transaction() and warns about an unknown id", withStore(async (store) => {
    const { asyncClient, client } = store;
    const { coValue } = writeCoValue(client, "co_zA", 2);
    const original = asyncClient.transaction;
    let transactions = 0;
    asyncClient.transaction = function spy(cb) {
      transactions++;
      return original.call(this, cb);
    };
    const warnings = [];
    const originalWarn = logger.warn;
    logger.warn = (message) => { warnings.push(message); };
    try {
      await asyncClient.eraseCoValueButKeepTombstone("co_zA");
      assert.equal(transactions, 1);
      assert.deepEqual(client.getCoValueSessions(coValue), []);
      await asyncClient.eraseCoValueButKeepTombstone("co_zUnknown");
      assert.equal(transactions, 1);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /co_zUnknown/);
    } finally {
      logger.warn = originalWarn;
      asyncClient.transaction = original;
    }
  }));

  test("never rejects stopTrackingSyncState, renew or release, even on a closed handle", async () => {
    const store = openMemoryStore();
    const { asyncClient } = store;
    const originalWarn = logger.warn;
    logger.warn = () => {};
    try {
      await asyncClient.stopTrackingSyncState(undefined);
      await asyncClient.renewStorageReconciliationLock("s", "p", -5);
      store.close();
      await asyncClient.stopTrackingSyncState("co_zA");
      await asyncClient.renewStorageReconciliationLock("s", "p", 1);
      await asyncClient.releaseStorageReconciliationLock("s", "p");
    } finally {
      logger.warn = originalWarn;
    }
    await assert.rejects(asyncClient.getCoValue("co_zA"), { code: "CLOSED" });
  });
});

describe("reconciliation locks", () => {
  test("follow cojson's settings as they are at each call", withStore(async (store) => {
    const { client } = store;
    const config = cojsonInternals.STORAGE_RECONCILIATION_CONFIG;
    const saved = { ...config };
    try {
      assert.deepEqual(client.tryAcquireStorageReconciliationLock("s1", "peer"), { acquired: true, lastProcessedOffset: 0 });
      client.renewStorageReconciliationLock("s1", "peer", 300);
      assert.deepEqual(client.tryAcquireStorageReconciliationLock("s2", "peer"), { acquired: false, reason: "lock_held" });
      config.LOCK_TTL_MS = 0;
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual(await store.asyncClient.tryAcquireStorageReconciliationLock("s2", "peer"),
        { acquired: true, lastProcessedOffset: 300 });
      client.releaseStorageReconciliationLock("s2", "peer");
      assert.deepEqual(client.tryAcquireStorageReconciliationLock("s3", "peer"), { acquired: false, reason: "not_due" });
      config.RECONCILIATION_INTERVAL_MS = 0;
      assert.deepEqual(client.tryAcquireStorageReconciliationLock("s3", "peer"), { acquired: true, lastProcessedOffset: 0 });
    } finally {
      Object.assign(config, saved);
    }
  }));
});
