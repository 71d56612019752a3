// The rules of cojson's storage contract (docs CONTRACT.md) that a store must keep, as plain
// checks with no test framework, so the same code runs on the Hermes VM and on Node. Each check
// gets a fresh store from `open()` and closes it. Returns the names of the checks that passed;
// throws at the first failure, naming the check.

import { canonical } from "./coValues.js";

const HEADER = { type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: null, uniqueness: "u1" };
const SESSION = "co_zAccount_session_zS1";
const DELETE_SESSION = "co_zAccount_session_dS2$";

function transactionAt(i) {
  // madeAt above 2^32 must come back exact: cojson re-hashes transactions from their fields.
  return { privacy: "trusting", madeAt: 1732480000123 + i, changes: JSON.stringify([{ op: "set", key: "k", value: `ü-${i}` }]) };
}

function writeCoValue(client, id, count, sessionID = SESSION) {
  const coValue = client.upsertCoValue(id, HEADER);
  let ses;
  client.transaction((tx) => {
    const row = tx.getSingleCoValueSession(coValue, sessionID);
    ses = tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID, lastIdx: count,
      lastSignature: `signature_z${count}`, bytesSinceLastSignature: 10 }, sessionRow: row });
    for (let i = 0; i < count; i++) tx.addTransaction(ses, i, transactionAt(i));
    tx.addSignatureAfter({ sessionRowID: ses, idx: count - 1, signature: `signature_z${count}` });
  });
  return { coValue, ses };
}

function equal(actual, expected, what) {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, expected ${e}`);
}

function throwsWith(fn, test, what) {
  try {
    fn();
  } catch (error) {
    if (!test(error)) throw new Error(`${what}: threw the wrong error: ${error && error.message}`);
    return error;
  }
  throw new Error(`${what}: did not throw`);
}

const CHECKS = {
  "missing rows are undefined, never null"(client) {
    equal(client.getCoValue("co_zMissing") === undefined, true, "getCoValue");
    equal(client.upsertCoValue("co_zMissing") === undefined, true, "upsertCoValue without header");
    equal(client.getCoValueKnownState("co_zMissing") === undefined, true, "getCoValueKnownState");
    const { coValue } = writeCoValue(client, "co_zA", 1);
    client.transaction((tx) => {
      equal(tx.getSingleCoValueSession(coValue, "co_zX_session_zNone") === undefined, true, "getSingleCoValueSession");
      equal(tx.getStorageReconciliationLock("lock#nobody") === undefined, true, "getStorageReconciliationLock");
    });
  },
  "every read returns fresh objects, so cojson may mutate them"(client) {
    const { coValue, ses } = writeCoValue(client, "co_zA", 3);
    client.getCoValue("co_zA").header.type = "mutated";
    equal(client.getCoValue("co_zA"), { rowID: coValue, id: "co_zA", header: HEADER }, "getCoValue after a mutation");
    client.getCoValueSessions(coValue).push("junk");
    equal(client.getCoValueSessions(coValue).length, 1, "sessions after a mutation");
    client.getNewTransactionInSession(ses, 0, 2)[0].tx.madeAt = 0;
    equal(client.getNewTransactionInSession(ses, 0, 0)[0].tx, transactionAt(0), "transaction after a mutation");
  },
  "ranges are inclusive and exact, timestamps above 2^32 too"(client) {
    const { ses } = writeCoValue(client, "co_zA", 10);
    equal(client.getNewTransactionInSession(ses, 3, 5).map((r) => r.idx), [3, 4, 5], "3..5");
    equal(client.getNewTransactionInSession(ses, 9, 100).map((r) => r.idx), [9], "9..100");
    equal(client.getNewTransactionInSession(ses, 5, 4), [], "5..4");
    equal(client.getNewTransactionInSession(ses, 7, 7)[0], { ses, idx: 7, tx: transactionAt(7) }, "row 7");
    equal(client.getSignatures(ses, 0), [{ ses, idx: 9, signature: "signature_z10" }], "signatures from 0");
    equal(client.getSignatures(ses, 10), [], "signatures from 10");
  },
  "a transaction whose callback throws leaves nothing and rethrows"(client) {
    const { coValue } = writeCoValue(client, "co_zA", 2);
    const boom = new Error("boom");
    throwsWith(() => client.transaction((tx) => {
      const ses = tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: "co_zB_session_zS9", lastIdx: 1, lastSignature: "signature_zX" } });
      tx.addTransaction(ses, 0, transactionAt(0));
      tx.markCoValueAsDeleted("co_zA");
      throw boom;
    }), (e) => e === boom, "the callback's own error");
    equal(client.getCoValueSessions(coValue).length, 1, "sessions after the rollback");
    equal(client.getAllCoValuesWaitingForDelete(), [], "delete queue after the rollback");
  },
  "rowIDs start at 1 and count up; headers are never overwritten"(client) {
    equal(client.upsertCoValue("co_zA", HEADER), 1, "first rowID");
    equal(client.upsertCoValue("co_zB", HEADER), 2, "second rowID");
    equal(client.upsertCoValue("co_zA", { ...HEADER, uniqueness: "other" }), 1, "upsert of an existing id");
    equal(client.getCoValue("co_zA").header, HEADER, "the first header stays");
    equal(client.getCoValueCount(), 2, "count");
    equal(client.getCoValueIDs(1, 0), [{ id: "co_zA" }], "first page");
    equal(client.getCoValueIDs(10, 1), [{ id: "co_zB" }], "page after rowID 1");
  },
  "known state counts transactions per session without reading them"(client) {
    writeCoValue(client, "co_zA", 4);
    writeCoValue(client, "co_zA", 2, "co_zOther_session_zS2");
    equal(client.getCoValueKnownState("co_zA"),
      { id: "co_zA", header: true, sessions: { [SESSION]: 4, co_zOther_session_zS2: 2 } }, "known state");
  },
  "sync tracking keeps distinct unsynced ids"(client) {
    client.trackCoValuesSyncState([{ id: "co_zA", peerId: "p1", synced: false }, { id: "co_zA", peerId: "p2", synced: false },
      { id: "co_zB", peerId: "p1", synced: false }]);
    equal(client.getUnsyncedCoValueIDs().sort(), ["co_zA", "co_zB"], "unsynced");
    client.trackCoValuesSyncState([{ id: "co_zA", peerId: "p1", synced: true }]);
    equal(client.getUnsyncedCoValueIDs().sort(), ["co_zA", "co_zB"], "one peer of A left");
    client.stopTrackingSyncState("co_zA");
    equal(client.getUnsyncedCoValueIDs(), ["co_zB"], "A no longer tracked");
  },
  "erase keeps the coValue row and the delete session only"(client) {
    const { coValue } = writeCoValue(client, "co_zA", 3);
    writeCoValue(client, "co_zA", 1, DELETE_SESSION);
    client.transaction((tx) => tx.markCoValueAsDeleted("co_zA"));
    equal(client.getAllCoValuesWaitingForDelete(), ["co_zA"], "pending delete");
    client.eraseCoValueButKeepTombstone("co_zA");
    equal(client.getCoValueSessions(coValue).map((s) => s.sessionID), [DELETE_SESSION], "sessions left");
    equal(client.getAllCoValuesWaitingForDelete(), [], "delete done");
    equal(client.getCoValue("co_zA").id, "co_zA", "the tombstone row");
  },
  "the reconciliation lock is taken, held against others, and released"(client) {
    const first = client.tryAcquireStorageReconciliationLock("s1", "peer");
    equal(first, { acquired: true, lastProcessedOffset: 0 }, "first acquire");
    equal(client.tryAcquireStorageReconciliationLock("s2", "peer"), { acquired: false, reason: "lock_held" }, "held by s1");
    client.renewStorageReconciliationLock("s1", "peer", 7);
    client.releaseStorageReconciliationLock("s1", "peer");
    equal(client.tryAcquireStorageReconciliationLock("s2", "peer"), { acquired: false, reason: "not_due" }, "released just now");
  },
  "a closed handle refuses every call with CLOSED"(client, store) {
    writeCoValue(client, "co_zA", 1);
    store.close();
    throwsWith(() => client.getCoValue("co_zA"), (e) => e.code === "CLOSED", "read after close");
    throwsWith(() => client.transaction(() => {}), (e) => e.code === "CLOSED", "transaction after close");
  },
  "bad arguments are INVALID_ARGUMENT and change nothing"(client) {
    writeCoValue(client, "co_zA", 1);
    throwsWith(() => client.getCoValue(42), (e) => e.code === "INVALID_ARGUMENT", "a number id");
    throwsWith(() => client.getNewTransactionInSession(1, -1, 0), (e) => e.code === "INVALID_ARGUMENT", "a negative index");
    equal(client.getCoValueCount(), 1, "count afterwards");
  },
};

/** Runs every check, each on a store from open(); resolves with their names. */
export async function runContractChecks(open) {
  const passed = [];
  for (const name of Object.keys(CHECKS)) {
    const store = open();
    try {
      await CHECKS[name](store.client, store);
    } catch (error) {
      throw new Error(`contract check "${name}" failed: ${error && error.message}`);
    } finally {
      store.close();
    }
    passed.push(name);
  }
  passed.push(...await asyncChecks(open));
  return passed;
}

async function asyncChecks(open) {
  const store = open();
  try {
    const client = store.asyncClient;
    const order = [];
    const first = client.transaction(async (tx) => {
      await Promise.resolve();
      order.push(1);
      tx.markCoValueAsDeleted("co_zA");
    });
    const failing = client.transaction(async () => {
      order.push(2);
      throw new Error("rolled back");
    });
    const third = client.transaction(async () => {
      order.push(3);
    });
    await first;
    let rejected = false;
    await failing.catch(() => { rejected = true; });
    await third;
    equal(order, [1, 2, 3], "async transactions run one at a time, in call order");
    equal(rejected, true, "a failing async transaction rejects");
    equal(await client.getAllCoValuesWaitingForDelete(), ["co_zA"], "the first async transaction committed");
    equal(await client.stopTrackingSyncState("co_zA"), undefined, "fire-and-forget stopTrackingSyncState");
    return ["async transactions run in call order; a failed one rejects alone"];
  } catch (error) {
    throw new Error(`async contract check failed: ${error && error.message}`);
  } finally {
    store.close();
  }
}
