// A dedicated module worker holding (or trying to hold) a store through the package's cojson entry
// `cojson-storage-opfs/worker`, one request at a time:
//   { op: "open", name }       answers { opened: true } or { code, message } of the failed open
//   { op: "write", from, count }  upserts coValues co_zContended<from>… and a transaction in each,
//                              through the cojson sync client; answers the coValue count
//   { op: "read" }             answers { count, ids, txs }: every coValue and its transaction count
//   { op: "close" }
// Bundled by CojsonBrowserBundle into /pkg/target/contention-worker.js (the entry imports cojson).

import { openOpfsStore } from "cojson-storage-opfs/worker";

let store = null;
const SESSION = "co_zContender_session_zContention";

const OPS = {
  async open({ name }) {
    try {
      store = await openOpfsStore({ name });
      return { opened: true };
    } catch (e) {
      return { opened: false, code: e.code, message: String(e.message) };
    }
  },
  async write({ from, count }) {
    const client = store.client;
    for (let i = from; i < from + count; i++) {
      const rowID = client.upsertCoValue("co_zContended" + i,
        { type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: null, uniqueness: String(i) });
      client.transaction((tx) => {
        const ses = tx.addSessionUpdate({ sessionUpdate: { coValue: rowID, sessionID: SESSION, lastIdx: 1, lastSignature: "signature_z" + i } });
        tx.addTransaction(ses, 0, { privacy: "trusting", madeAt: 1700000000000 + i, changes: "[]" });
      });
    }
    return client.getCoValueCount();
  },
  async read() {
    const client = store.client;
    const ids = client.getCoValueIDs(1000, 0).map((row) => row.id);
    const txs = ids.map((id) => {
      const sessions = client.getCoValueSessions(client.getCoValue(id).rowID);
      return sessions.length === 0 ? 0 : client.getNewTransactionInSession(sessions[0].rowID, 0, 100).length;
    });
    store.verify();
    return { count: client.getCoValueCount(), ids, txs };
  },
  async close() {
    store.close();
    store = null;
    return null;
  },
};

self.onmessage = async ({ data: request }) => {
  try {
    postMessage({ ok: true, value: await OPS[request.op](request) });
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.stack ?? e.message ?? e) });
  }
};
