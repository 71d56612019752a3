// Bad input at every public entry, inside a dedicated worker on a real OPFS file: each case makes one
// malformed call (on the sync client, the async client, a tx, a closed handle, or an entry's
// options) and reports the `code` of the Error it threw or rejected with, and whether the store's
// file bytes (exportBytes()) and the OPFS folder's file names stayed as they were. The expected
// codes live in BadInputTest. Request: { name, engine }; answer: { value: [{ name, code, error,
// unchanged }] }. Bare imports: bundled with the package (see CojsonBrowserBundle).
import { openOpfsStore } from "cojson-storage-opfs/worker";

const HEADER = { type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: null, uniqueness: "u1" };
const SESSION = "co_zAccount_session_zS1";
const MAX_JSON_CHARS = 32 * 1024 * 1024;
const tx = (i) => ({ privacy: "trusting", madeAt: 1732480000123 + i, changes: JSON.stringify([{ op: "set", key: "k", value: i }]) });

function cyclic() {
  const value = { privacy: "trusting", madeAt: 1, changes: "[]" };
  value.self = value;
  return value;
}

/** The cases: name → async (fixture) => the malformed call. */
function cases({ store, closed, coValue, ses, keptTx, keptAsyncTx, name, engine, openMemoryStore }) {
  const c = store.client;
  const a = store.asyncClient;
  const inTx = (body) => () => c.transaction(body);
  const update = (fields) => ({ sessionUpdate: { coValue, sessionID: SESSION, lastIdx: 1, lastSignature: "signature_z1", ...fields } });
  return {
    "client.getCoValue(undefined)": () => c.getCoValue(undefined),
    "client.getCoValue({})": () => c.getCoValue({}),
    "client.getCoValue(id of 600 characters)": () => c.getCoValue(`co_z${"x".repeat(600)}`),
    "client.getNewTransactionInSession(ses, -1, 5)": () => c.getNewTransactionInSession(ses, -1, 5),
    "client.getNewTransactionInSession(ses, 0.5, 5)": () => c.getNewTransactionInSession(ses, 0.5, 5),
    "client.getNewTransactionInSession(ses, 0, NaN)": () => c.getNewTransactionInSession(ses, 0, NaN),
    "client.getNewTransactionInSession(ses, 0, \"5\")": () => c.getNewTransactionInSession(ses, 0, "5"),
    "client.getNewTransactionInSession(ses, 2^53, 2^53 + 2)": () => c.getNewTransactionInSession(ses, 2 ** 53, 2 ** 53 + 2),
    "client.getSignatures(ses, \"0\")": () => c.getSignatures(ses, "0"),
    "client.getCoValueIDs(1e300, 0)": () => c.getCoValueIDs(1e300, 0),
    "client.getCoValueSessions(0)": () => c.getCoValueSessions(0),
    "client.upsertCoValue(id, header with a BigInt)": () => c.upsertCoValue("co_zNew", { ...HEADER, createdAt: 10n }),
    "client.upsertCoValue(id, cyclic header)": () => c.upsertCoValue("co_zNew", cyclic()),
    "client.upsertCoValue(id, a function)": () => c.upsertCoValue("co_zNew", () => HEADER),
    "client.upsertCoValue(id, header of 32 Mi characters)": () =>
      c.upsertCoValue("co_zHuge", { ...HEADER, meta: { pad: "x".repeat(MAX_JSON_CHARS) } }),
    "client.upsertCoValue(\"\", header)": () => c.upsertCoValue("", HEADER),
    "client.transaction(\"not a function\")": () => c.transaction("not a function"),
    "client.trackCoValuesSyncState([{ id: 1, peerId, synced }])": () => c.trackCoValuesSyncState([{ id: 1, peerId: "p", synced: true }]),
    "client.renewStorageReconciliationLock(s, p, -1)": () => c.renewStorageReconciliationLock("s", "p", -1),
    "tx.addTransaction(ses, 3, tx with a BigInt madeAt)": inTx((t) => t.addTransaction(ses, 3, { ...tx(3), madeAt: 1732480000123n })),
    "tx.addTransaction(ses, 3, cyclic tx)": inTx((t) => t.addTransaction(ses, 3, cyclic())),
    "tx.addTransaction(ses, 3, undefined)": inTx((t) => t.addTransaction(ses, 3, undefined)),
    "tx.addTransaction(ses, 3, a JSON string)": inTx((t) => t.addTransaction(ses, 3, JSON.stringify(tx(3)))),
    "tx.addTransaction(ses, 2^32, tx)": inTx((t) => t.addTransaction(ses, 2 ** 32, tx(3))),
    "tx.addTransaction(ses, NaN, tx)": inTx((t) => t.addTransaction(ses, NaN, tx(3))),
    "tx.addTransaction(999, 3, tx): an unknown session": inTx((t) => t.addTransaction(999, 3, tx(3))),
    "tx.addTransaction after a valid write in the same transaction": inTx((t) => {
      t.addTransaction(ses, 3, tx(3));
      t.addTransaction(ses, -4, tx(4));
    }),
    "tx.addSessionUpdate({})": inTx((t) => t.addSessionUpdate({})),
    "tx.addSessionUpdate(lastIdx -1)": inTx((t) => t.addSessionUpdate(update({ lastIdx: -1 }))),
    "tx.addSessionUpdate(lastIdx 1.5)": inTx((t) => t.addSessionUpdate(update({ lastIdx: 1.5 }))),
    "tx.addSignatureAfter without a signature": inTx((t) => t.addSignatureAfter({ sessionRowID: ses, idx: 1 })),
    "tx.putStorageReconciliationLock({ key })": inTx((t) => t.putStorageReconciliationLock({ key: "lock#p" })),
    "tx.markCoValueAsDeleted(5)": inTx((t) => t.markCoValueAsDeleted(5)),
    "a tx kept past its transaction(): addTransaction": () => keptTx.addTransaction(ses, 3, tx(3)),
    "an async tx kept past its transaction(): addTransaction": () => keptAsyncTx.addTransaction(ses, 3, tx(3)),
    "asyncClient.getCoValue(5)": () => a.getCoValue(5),
    "asyncClient.getNewTransactionInSession(ses, -1, 5)": () => a.getNewTransactionInSession(ses, -1, 5),
    "asyncClient.upsertCoValue(id, cyclic header)": () => a.upsertCoValue("co_zNew", cyclic()),
    "asyncClient.transaction: a valid write, then a BigInt tx": () => a.transaction(async (t) => {
      await t.addTransaction(ses, 3, tx(3));
      await t.addTransaction(ses, 4, { ...tx(4), madeAt: 4n });
    }),
    "asyncClient.transaction: deleteCoValueContent({ rowID: -1 })": () =>
      a.transaction((t) => t.deleteCoValueContent({ rowID: -1, id: "co_zA" })),
    "asyncClient.trackCoValuesSyncState(\"co_zA\")": () => a.trackCoValuesSyncState("co_zA"),
    "closed handle: client.getCoValue": () => closed.client.getCoValue("co_zA"),
    "closed handle: client.transaction": () => closed.client.transaction(() => {}),
    "closed handle: asyncClient.getCoValueCount": () => closed.asyncClient.getCoValueCount(),
    "closed handle: exportBytes()": () => closed.exportBytes(),
    "closed handle: verify()": () => closed.verify(),
    "openOpfsStore(\"a name\")": () => openOpfsStore(name),
    "openOpfsStore({ name: 5 })": () => openOpfsStore({ name: 5, engine }),
    "openOpfsStore({ name: \"\" })": () => openOpfsStore({ name: "", engine }),
    "openOpfsStore({ name: \"a/b\" })": () => openOpfsStore({ name: "a/b", engine }),
    "openOpfsStore({ name: \"..\" })": () => openOpfsStore({ name: "..", engine }),
    "openOpfsStore({ engine: \"rust\" })": () => openOpfsStore({ name: "never-created", engine: "rust" }),
    "openMemoryStore({ bytes: \"abc\" })": () => openMemoryStore({ bytes: "abc" }),
    "openMemoryStore({ name: 5 })": () => openMemoryStore({ name: 5 }),
    "openMemoryStore({ bytes: 100 bytes of 0x5a })": () => openMemoryStore({ bytes: new Uint8Array(100).fill(0x5a) }),
    "openMemoryStore({ bytes: 40000 bytes of 0x5a })": () => openMemoryStore({ bytes: new Uint8Array(40000).fill(0x5a) }),
  };
}

async function fileNames() {
  const names = [];
  for await (const key of (await navigator.storage.getDirectory()).keys()) names.push(key);
  return names.sort().join(",");
}

const CASE_TIMEOUT_MS = 30000;

/** A case that neither returns nor fails would hang the whole table: it fails with HUNG instead. */
function settledWithin(value, ms) {
  let timer;
  const hung = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: "HUNG" })), ms);
  });
  return Promise.race([Promise.resolve(value), hung]).finally(() => clearTimeout(timer));
}

const sameBytes = (x, y) => x.length === y.length && x.every((b, i) => b === y[i]);

async function run({ name, engine }) {
  // Imported here, not at the top: the memory entry loads its engine with a top-level await, which
  // would delay this module's evaluation past the page's message, finding no onmessage yet.
  const { openMemoryStore } = await import("cojson-storage-opfs/memory");
  const store = await openOpfsStore({ name, engine });
  const coValue = store.client.upsertCoValue("co_zA", HEADER);
  let ses;
  let keptTx;
  store.client.transaction((t) => {
    ses = t.addSessionUpdate({ sessionUpdate: { coValue, sessionID: SESSION, lastIdx: 3, lastSignature: "signature_z3" } });
    for (let i = 0; i < 3; i++) t.addTransaction(ses, i, tx(i));
    keptTx = t;
  });
  let keptAsyncTx;
  await store.asyncClient.transaction(async (t) => { keptAsyncTx = t; });
  const closed = await openOpfsStore({ name, engine }); // a second handle on the same open store
  closed.close();
  const results = [];
  for (const [caseName, call] of Object.entries(cases({ store, closed, coValue, ses, keptTx, keptAsyncTx, name, engine, openMemoryStore }))) {
    const bytesBefore = store.exportBytes();
    const namesBefore = await fileNames();
    let code = "NO ERROR";
    let error = "";
    try {
      const opened = await settledWithin(call(), CASE_TIMEOUT_MS);
      if (opened && typeof opened.close === "function") opened.close();
    } catch (e) {
      code = e instanceof Error ? (e.code ?? `${e.name} without a code`) : `a thrown ${typeof e}`;
      error = String(e.message).slice(0, 160);
    }
    const unchanged = sameBytes(bytesBefore, store.exportBytes()) && namesBefore === await fileNames();
    results.push({ name: caseName, code, error, unchanged });
  }
  store.verify();
  store.close();
  return results;
}

self.onmessage = async ({ data }) => {
  try {
    postMessage({ ok: true, value: await run(data) });
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.stack ?? e.message ?? e) });
  }
};
