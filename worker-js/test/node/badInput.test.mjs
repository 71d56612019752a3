// Bad input at the public entries: each call fails with an Error carrying a stable `code`, and the
// store is unchanged (its file bytes are the same and verify() passes). Runs on a memory store and
// on a file store.

import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { openMemoryStore } from "cojson-storage-opfs/memory";
import { openFileStore } from "cojson-storage-opfs/node";
import { openOpfsStore } from "cojson-storage-opfs/worker";
import { isInWorker, supportsOpfs } from "cojson-storage-opfs";
import { tempDir } from "./helpers.mjs";
import { HEADER, SESSION, transactionAt, writeCoValue } from "./rows.mjs";

const MAX_JSON_CHARS = 32 * 1024 * 1024;

/** Calls that must throw INVALID_ARGUMENT on the sync client, given the fixture's rowIDs. */
function invalidSyncCalls({ coValue, ses }) {
  const inTx = (body) => (client) => client.transaction(body);
  const session = (fields) => ({ sessionUpdate: { coValue, sessionID: SESSION, lastIdx: 1, lastSignature: "s", ...fields } });
  return {
    "getCoValue with a number": (c) => c.getCoValue(42),
    "getCoValue without an id": (c) => c.getCoValue(),
    "getCoValue with an id over 512 characters": (c) => c.getCoValue(`co_z${"x".repeat(600)}`),
    "upsertCoValue with a string header": (c) => c.upsertCoValue("co_zNew", "{}"),
    "upsertCoValue with a null header": (c) => c.upsertCoValue("co_zNew", null),
    "upsertCoValue without an id": (c) => c.upsertCoValue(undefined, HEADER),
    "upsertCoValue with a header over the size limit": (c) =>
      c.upsertCoValue("co_zHuge", { ...HEADER, meta: { pad: "x".repeat(MAX_JSON_CHARS) } }),
    "upsertCoValue with an empty id": (c) => c.upsertCoValue("", HEADER),
    "getCoValueSessions with a negative rowID": (c) => c.getCoValueSessions(-1),
    "getCoValueSessions with a fractional rowID": (c) => c.getCoValueSessions(1.5),
    "getCoValueSessions with rowID 0": (c) => c.getCoValueSessions(0),
    "getCoValueSessions with a string rowID": (c) => c.getCoValueSessions("1"),
    "getCoValueSessions with NaN": (c) => c.getCoValueSessions(NaN),
    "getNewTransactionInSession with a negative fromIdx": (c) => c.getNewTransactionInSession(ses, -1, 3),
    "getNewTransactionInSession with a fractional fromIdx": (c) => c.getNewTransactionInSession(ses, 0.5, 3),
    "getNewTransactionInSession with a NaN toIdx": (c) => c.getNewTransactionInSession(ses, 0, NaN),
    "getNewTransactionInSession without toIdx": (c) => c.getNewTransactionInSession(ses, 0),
    "getSignatures with a negative index": (c) => c.getSignatures(ses, -2),
    "getCoValueIDs with a negative limit": (c) => c.getCoValueIDs(-1, 0),
    "getCoValueIDs with a fractional offset": (c) => c.getCoValueIDs(10, 1.5),
    "trackCoValuesSyncState with a string": (c) => c.trackCoValuesSyncState("co_zA"),
    "trackCoValuesSyncState without synced": (c) => c.trackCoValuesSyncState([{ id: "co_zA", peerId: "p" }]),
    "trackCoValuesSyncState with a null update": (c) => c.trackCoValuesSyncState([{ id: "co_zA", peerId: "p", synced: false }, null]),
    "trackCoValuesSyncState with NUL in an id": (c) => c.trackCoValuesSyncState([{ id: "co_z\0A", peerId: "p", synced: false }]),
    "stopTrackingSyncState with a number": (c) => c.stopTrackingSyncState(7),
    "tryAcquireStorageReconciliationLock without a peer": (c) => c.tryAcquireStorageReconciliationLock("s"),
    "renewStorageReconciliationLock with a negative offset": (c) => c.renewStorageReconciliationLock("s", "p", -1),
    "transaction with no callback": (c) => c.transaction(),
    "addSessionUpdate without sessionUpdate": inTx((tx) => tx.addSessionUpdate({})),
    "addSessionUpdate with an unknown coValue rowID": inTx((tx) => tx.addSessionUpdate(session({ coValue: 999 }))),
    "addSessionUpdate with a negative lastIdx": inTx((tx) => tx.addSessionUpdate(session({ lastIdx: -1 }))),
    "addSessionUpdate with a negative bytesSinceLastSignature": inTx((tx) =>
      tx.addSessionUpdate(session({ bytesSinceLastSignature: -3 }))),
    "addSessionUpdate without lastSignature": inTx((tx) => tx.addSessionUpdate(session({ lastSignature: undefined }))),
    "addTransaction to an unknown session rowID": inTx((tx) => tx.addTransaction(999, 0, transactionAt(0))),
    "addTransaction at a negative idx": inTx((tx) => tx.addTransaction(ses, -1, transactionAt(0))),
    "addTransaction at a fractional idx": inTx((tx) => tx.addTransaction(ses, 2.5, transactionAt(0))),
    "addTransaction with a string tx": inTx((tx) => tx.addTransaction(ses, 3, "{}")),
    "addTransaction over the size limit": inTx((tx) =>
      tx.addTransaction(ses, 3, { privacy: "trusting", madeAt: 1, changes: "x".repeat(MAX_JSON_CHARS) })),
    "addTransaction after a valid write in the same transaction": inTx((tx) => {
      tx.addTransaction(ses, 3, transactionAt(3));
      tx.addTransaction(ses, -3, transactionAt(3));
    }),
    "addSignatureAfter with a fractional idx": inTx((tx) => tx.addSignatureAfter({ sessionRowID: ses, idx: 1.5, signature: "s" })),
    "addSignatureAfter without a signature": inTx((tx) => tx.addSignatureAfter({ sessionRowID: ses, idx: 1 })),
    "markCoValueAsDeleted with a number": inTx((tx) => tx.markCoValueAsDeleted(5)),
    "putStorageReconciliationLock with missing fields": inTx((tx) => tx.putStorageReconciliationLock({ key: "lock#p" })),
    "getSingleCoValueSession with a negative rowID": inTx((tx) => tx.getSingleCoValueSession(-1, SESSION)),
  };
}

const stores = {
  memory: () => ({ store: openMemoryStore(), reopen: null }),
  "node file": () => {
    const path = join(tempDir("bad-input"), "store.db");
    return { store: openFileStore({ path }), reopen: () => openFileStore({ path }) };
  },
};

for (const [entry, open] of Object.entries(stores)) {
  describe(`bad input on a ${entry} store`, () => {
    test("every bad call throws INVALID_ARGUMENT and leaves the store unchanged", () => {
      const { store } = open();
      const fixture = writeCoValue(store.client, "co_zA", 3);
      const before = store.exportBytes();
      const contents = () => [store.client.getCoValueSessions(fixture.coValue),
        store.client.getNewTransactionInSession(fixture.ses, 0, 100), store.client.getUnsyncedCoValueIDs(),
        store.client.getCoValueCount()];
      const expected = contents();
      for (const [name, call] of Object.entries(invalidSyncCalls(fixture))) {
        assert.throws(() => call(store.client), (e) => e instanceof Error && e.code === "INVALID_ARGUMENT",
          `${name} must throw INVALID_ARGUMENT`);
      }
      assert.deepEqual(store.exportBytes(), before);
      assert.deepEqual(contents(), expected);
      store.verify();
      store.close();
    });

    test("every bad call on the async client rejects with INVALID_ARGUMENT", async () => {
      const { store } = open();
      const fixture = writeCoValue(store.client, "co_zA", 3);
      const before = store.exportBytes();
      const calls = {
        "getCoValue with a number": (c) => c.getCoValue(42),
        "getNewTransactionInSession with a negative fromIdx": (c) => c.getNewTransactionInSession(fixture.ses, -1, 3),
        "transaction with a callback that writes a fractional idx": (c) => c.transaction(async (tx) => {
          await tx.addTransaction(fixture.ses, 3, transactionAt(3));
          await tx.addTransaction(fixture.ses, 0.5, transactionAt(3));
        }),
        "deleteCoValueContent without a row": (c) => c.transaction((tx) => tx.deleteCoValueContent()),
        "trackCoValuesSyncState with a string": (c) => c.trackCoValuesSyncState("x"),
      };
      for (const [name, call] of Object.entries(calls)) {
        await assert.rejects(call(store.asyncClient), { code: "INVALID_ARGUMENT" }, name);
      }
      assert.deepEqual(store.exportBytes(), before);
      store.verify();
      store.close();
    });

    test("a tx object used after its transaction ended fails with CLOSED and writes nothing", async () => {
      const { store } = open();
      const { coValue, ses } = writeCoValue(store.client, "co_zA", 3);
      let kept;
      store.client.transaction((tx) => { kept = tx; });
      let keptAsync;
      await store.asyncClient.transaction(async (tx) => { keptAsync = tx; });
      const before = store.exportBytes();
      assert.throws(() => kept.addTransaction(ses, 3, transactionAt(3)), { code: "CLOSED" });
      assert.throws(() => kept.getSingleCoValueSession(coValue, SESSION), { code: "CLOSED" });
      await assert.rejects(keptAsync.markCoValueAsDeleted("co_zA"), { code: "CLOSED" });
      assert.deepEqual(store.exportBytes(), before);
      store.close();
    });

    test("every call after close() fails with CLOSED; closing twice is harmless; the file reads back", async () => {
      const { store, reopen } = open();
      writeCoValue(store.client, "co_zA", 3);
      const before = store.exportBytes();
      store.close();
      store.close();
      assert.throws(() => store.client.getCoValue("co_zA"), { code: "CLOSED" });
      assert.throws(() => store.client.transaction(() => {}), { code: "CLOSED" });
      assert.throws(() => store.stats(), { code: "CLOSED" });
      assert.throws(() => store.verify(), { code: "CLOSED" });
      assert.throws(() => store.exportBytes(), { code: "CLOSED" });
      await assert.rejects(store.asyncClient.getCoValueCount(), { code: "CLOSED" });
      await assert.rejects(store.asyncClient.transaction(async () => {}), { code: "CLOSED" });
      if (reopen) {
        const again = reopen();
        assert.equal(again.client.getCoValue("co_zA").id, "co_zA");
        again.verify();
        assert.equal(again.exportBytes().length > 0, true);
        again.close();
      } else {
        const again = openMemoryStore({ bytes: before });
        assert.equal(again.client.getCoValue("co_zA").id, "co_zA");
        again.close();
      }
    });
  });
}

describe("bad options at the entries", () => {
  test("openFileStore refuses a missing or non-string path with INVALID_ARGUMENT", () => {
    assert.throws(() => openFileStore(), { code: "INVALID_ARGUMENT" });
    assert.throws(() => openFileStore({}), { code: "INVALID_ARGUMENT" });
    assert.throws(() => openFileStore("store.db"), { code: "INVALID_ARGUMENT" });
    assert.throws(() => openFileStore({ path: 7 }), { code: "INVALID_ARGUMENT" });
  });

  test("openFileStore on a directory that does not exist fails with IO", () => {
    assert.throws(() => openFileStore({ path: join(tempDir("missing"), "no", "such", "dir", "x.db") }), { code: "IO" });
  });

  test("openMemoryStore refuses bytes that are not bytes, and damaged bytes with CORRUPT", () => {
    assert.throws(() => openMemoryStore({ bytes: "abc" }), { code: "INVALID_ARGUMENT" });
    assert.throws(() => openMemoryStore({ name: 5 }), { code: "INVALID_ARGUMENT" });
    const garbage = new Uint8Array(40000).fill(0x5a);
    assert.throws(() => openMemoryStore({ bytes: garbage }), (e) => e.code === "CORRUPT" || e.code === "UNSUPPORTED_FORMAT");
  });

  test("openOpfsStore refuses Node with UNSUPPORTED_RUNTIME, and the main entry says why", async () => {
    await assert.rejects(openOpfsStore({ name: "x" }), { code: "UNSUPPORTED_RUNTIME" });
    assert.equal(supportsOpfs(), false);
    assert.equal(isInWorker(), false);
  });
});
