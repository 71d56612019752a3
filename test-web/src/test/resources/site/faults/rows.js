// A small cojson-shaped workload on the engine's row store (JsRowStore): one coValue, one session,
// transaction idx i holding `payloadBytes` of text, one storage transaction per commit, as cojson
// writes a local edit. `acknowledged` is the list of idx whose commit returned.

const SESSION = "co_zFaultsAccount_session_zFaultsTest";
// The row store answers a load's reads as UTF-8 JSON bytes.
const decoder = new TextDecoder();
const json = (bytes) => JSON.parse(decoder.decode(bytes));

export function createCoValue(rows) {
  return rows.upsertCoValue("co_zFaultsCoValue", JSON.stringify({ type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: null, uniqueness: "faults" }));
}

/** Commits idx `idx`; throws what the commit throws (with its `code`). */
export function commitTx(rows, coValueRowID, idx, payloadBytes) {
  const tx = rows.begin();
  try {
    const ses = tx.addSessionUpdate(coValueRowID, SESSION, idx + 1, "signature_z" + idx, -1);
    tx.addTransaction(ses, idx, JSON.stringify({ privacy: "trusting", madeAt: 1700000000000 + idx, changes: "x".repeat(payloadBytes) }));
    tx.commit();
  } finally {
    tx.close();
  }
}

/** The idx of every transaction in the store, in order, and the session's lastIdx (0 without one). */
export function storedIdx(rows, coValueRowID) {
  const sessions = json(rows.getCoValueSessions(coValueRowID));
  if (sessions.length === 0) return { idx: [], lastIdx: 0 };
  const txs = json(rows.getNewTransactionInSession(sessions[0].rowID, 0, 1e9));
  return { idx: txs.map((t) => t.idx), lastIdx: sessions[0].lastIdx };
}

/** Commits idx from `from` on until one fails with a code; returns { next, code }. */
export function commitUntilFailure(rows, coValueRowID, from, payloadBytes, limit) {
  for (let idx = from; idx < from + limit; idx++) {
    try {
      commitTx(rows, coValueRowID, idx, payloadBytes);
    } catch (e) {
      if (!e.code) throw e;
      return { next: idx, code: e.code, message: String(e.message) };
    }
  }
  return { next: from + limit, code: null };
}
