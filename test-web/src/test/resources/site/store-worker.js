// A dedicated module worker that opens one OPFS file with the engine's row store (the dist export
// openRowsHandle, loaded unbundled through the package's src/browserEngines.js), does what the request
// says, closes the store and answers once.
//   { name, engine, batches: [[op, ...], ...] }  commits each batch as one engine transaction, op:
//     ["tx", coValue, session, idx, changes]  stores transaction idx of that session (created, or its
//                                             lastIdx raised to idx + 1), overwriting one stored there
//     ["erase", coValue]                       erases the coValue's content (its sessions go)
//   { name, engine, read: [coValue, ...] }  answers { coValues: { coValue: { header, sessions: [[session,
//     [changes of each transaction]], ...] in creation order } or null } }
// Every answer carries the engine's stats, whose `engine` says which build ran.

import { loadEngine } from "/pkg/src/browserEngines.js";

const decoder = new TextDecoder();
const json = (bytes) => (bytes === null ? undefined : JSON.parse(decoder.decode(bytes)));
const sessionID = (session) => `co_zPersistenceAccount_session_z${session}`;

function write(rows, batches) {
  for (const ops of batches) {
    const tx = rows.begin();
    try {
      for (const [op, coValue, session, idx, changes] of ops) {
        const header = JSON.stringify({ type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: { title: coValue },
          uniqueness: coValue });
        const rowID = tx.upsertCoValue(coValue, header);
        if (op === "erase") {
          tx.deleteCoValueContent(rowID, coValue);
          continue;
        }
        const row = JSON.parse(tx.getSingleCoValueSession(rowID, sessionID(session)) ?? "null");
        const ses = tx.addSessionUpdate(rowID, sessionID(session), Math.max(row?.lastIdx ?? 0, idx + 1), `signature_z${idx}`, -1);
        tx.addTransaction(ses, idx, JSON.stringify({ privacy: "trusting", madeAt: 1732456789012 + idx, changes }));
      }
      tx.commit();
    } finally {
      tx.close();
    }
  }
}

function read(rows, coValue) {
  const row = json(rows.getCoValue(coValue));
  if (row === undefined) return null;
  const sessions = json(rows.getCoValueSessions(row.rowID)).map((s) => [s.sessionID.slice(sessionID("").length),
    json(rows.getNewTransactionInSession(s.rowID, 0, s.lastIdx - 1)).map((t) => t.tx.changes)]);
  return { header: row.header, sessions };
}

self.onmessage = async ({ data: { name, engine, batches = [], read: coValues = [] } }) => {
  try {
    const api = await loadEngine(engine);
    const root = await navigator.storage.getDirectory();
    const handle = await (await root.getFileHandle(name, { create: true })).createSyncAccessHandle();
    const rows = api.openRowsHandle(handle, name);
    try {
      write(rows, batches);
      rows.verify();
      const answer = Object.fromEntries(coValues.map((coValue) => [coValue, read(rows, coValue)]));
      postMessage({ ok: true, value: { coValues: answer, stats: JSON.parse(rows.stats()) } });
    } finally {
      rows.close();
    }
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.message ?? e) });
  }
};
