// The cojson-shaped writes the crash and kill tests make, and the check of what a reopened store
// holds: commit i appends transaction (i / COVALUES) to the one session of CoValue i % COVALUES,
// with its session update, in one transaction(). After any crash the store must hold exactly the
// commits 0..j-1 for one j, each whole (a session's lastIdx equals its stored transactions).

export const COVALUES = 5;
const SESSION = "co_zPhone_session_zK1";
const HEADER = { type: "costream", ruleset: { type: "unsafeAllowAll" }, meta: null };

export function idOf(c) {
  return `co_zKill${c}`;
}

/** Transaction i; every 7th is large (64 KiB of UTF-8), so frames vary and the log passes the 256 KiB that makes a checkpoint due. */
export function transactionOf(i) {
  const filler = i % 7 === 3 ? "ß".repeat(32 * 1024) : `edit ${i}`;
  return { privacy: "trusting", madeAt: 1732480000123 + i, changes: JSON.stringify([{ op: "app", value: filler, n: i }]) };
}

/** Makes commit i through cojson's sync client. */
export function commit(client, i) {
  const c = i % COVALUES;
  const idx = Math.floor(i / COVALUES);
  const rowID = client.upsertCoValue(idOf(c), { ...HEADER, uniqueness: idOf(c) });
  client.transaction((tx) => {
    const row = tx.getSingleCoValueSession(rowID, SESSION);
    const ses = tx.addSessionUpdate({ sessionUpdate: { coValue: rowID, sessionID: SESSION, lastIdx: idx + 1,
      lastSignature: `signature_z${i}` }, sessionRow: row });
    tx.addTransaction(ses, idx, transactionOf(i));
  });
}

/**
 * The number of whole commits the store holds (j above); throws when what it holds is not exactly
 * commits 0..j-1: a gap, a session ahead of its transactions, or a transaction that differs.
 */
export function committed(client) {
  const lastIdx = [];
  for (let c = 0; c < COVALUES; c++) {
    const row = client.getCoValue(idOf(c));
    const sessions = row === undefined ? [] : client.getCoValueSessions(row.rowID);
    if (sessions.length > 1) throw new Error(`${idOf(c)} has ${sessions.length} sessions`);
    const session = sessions[0];
    const count = session === undefined ? 0 : session.lastIdx;
    if (session !== undefined) {
      const txs = client.getNewTransactionInSession(session.rowID, 0, count + 10);
      if (txs.length !== count) throw new Error(`${idOf(c)}: lastIdx ${count} but ${txs.length} transactions stored`);
      txs.forEach((t, idx) => {
        const i = idx * COVALUES + c;
        if (JSON.stringify(t.tx) !== JSON.stringify(transactionOf(i))) throw new Error(`${idOf(c)}: transaction ${idx} differs`);
      });
      if (session.lastSignature !== `signature_z${(count - 1) * COVALUES + c}`) throw new Error(`${idOf(c)}: wrong lastSignature`);
    }
    lastIdx.push(count);
  }
  const total = lastIdx.reduce((a, b) => a + b, 0);
  // Commits 0..total-1 give CoValue c exactly ceil((total - c) / COVALUES) transactions.
  lastIdx.forEach((count, c) => {
    if (count !== Math.max(0, Math.ceil((total - c) / COVALUES))) {
      throw new Error(`not a prefix of the commits: transactions per CoValue ${lastIdx.join(",")}`);
    }
  });
  return total;
}
