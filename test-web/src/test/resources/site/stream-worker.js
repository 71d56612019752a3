// A dedicated module worker for the termination test, on the engine's row store (the dist export
// openRowsHandle, loaded unbundled through the package's src/browserEngines.js).
//   { mode: "stream", name, engine, from }  commit i (one engine transaction, durable) sets the
//     session's lastIdx to 2i+2 and stores its transactions 2i ("a<i>") and 2i+1 ("b<i>"), for
//     i = from, from+1, …, and posts { acked: i } after each commit returns, until it is terminated.
//   { mode: "read", name, engine }  opens the store (retrying while the killed worker's handle is
//     still being released), verifies it and posts { entries: [[key, value], ...] sorted by key, stats }:
//     the pair of every stored transaction, so a commit stored in part shows as a key without its pair.

import { loadEngine } from "/pkg/src/browserEngines.js";

const pad = (i) => String(i).padStart(8, "0");
const decoder = new TextDecoder();
const json = (bytes) => (bytes === null ? undefined : JSON.parse(decoder.decode(bytes)));
const COVALUE = "co_zTermination";
const SESSION = "co_zTerminationAccount_session_zStream";

async function openRetrying(name, engine) {
  const api = await loadEngine(engine);
  const root = await navigator.storage.getDirectory();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await (await root.getFileHandle(name, { create: true })).createSyncAccessHandle();
      return api.openRowsHandle(handle, name);
    } catch (e) {
      if (e.name !== "NoModificationAllowedError" || attempt >= 100) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function entries(rows) {
  const coValue = json(rows.getCoValue(COVALUE));
  if (coValue === undefined) return [];
  const [session] = json(rows.getCoValueSessions(coValue.rowID));
  if (session === undefined) return [];
  const txs = json(rows.getNewTransactionInSession(session.rowID, 0, 0xffffffff));
  if (txs.length !== session.lastIdx) throw new Error(`lastIdx ${session.lastIdx} with ${txs.length} transactions stored`);
  return txs.map(({ tx }) => [tx.key, tx.value]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

self.onmessage = async ({ data: { mode, name, engine, from = 0 } }) => {
  try {
    const rows = await openRetrying(name, engine);
    if (mode === "read") {
      rows.verify();
      postMessage({ ok: true, entries: entries(rows), stats: JSON.parse(rows.stats()) });
      rows.close();
      return;
    }
    const header = JSON.stringify({ type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: null, uniqueness: "stream" });
    const coValue = rows.upsertCoValue(COVALUE, header);
    postMessage({ ok: true, started: true });
    for (let i = from; ; i++) {
      const tx = rows.begin();
      const ses = tx.addSessionUpdate(coValue, SESSION, 2 * i + 2, `signature_z${i}`, -1);
      tx.addTransaction(ses, 2 * i, JSON.stringify({ key: "a" + pad(i), value: "value " + i }));
      tx.addTransaction(ses, 2 * i + 1, JSON.stringify({ key: "b" + pad(i), value: "value " + i }));
      tx.commit();
      postMessage({ ok: true, acked: i });
      // Yield now and then so the page's terminate() can land between commits as well as inside them.
      if (i % 16 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.message ?? e) });
  }
};
