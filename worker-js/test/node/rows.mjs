// Direct row-store fixtures for the contract tests: a coValue, a session with transactions and a
// signature, written through the sync client the way cojson writes them.

export const HEADER = { type: "comap", ruleset: { type: "unsafeAllowAll" }, meta: null, uniqueness: "u1" };
export const SESSION = "co_zAccount_session_zS1";
export const DELETE_SESSION = "co_zAccount_session_dS2$";

export function transactionAt(i) {
  // madeAt above 2^32: must come back exact (cojson re-hashes transactions from their fields).
  return { privacy: "trusting", madeAt: 1732480000123 + i, changes: JSON.stringify([{ op: "set", key: "k", value: i }]) };
}

/** Writes coValue `id` with `count` transactions in one session; returns { coValue, ses }. */
export function writeCoValue(client, id, count) {
  const coValue = client.upsertCoValue(id, HEADER);
  let ses;
  client.transaction((tx) => {
    ses = tx.addSessionUpdate({ sessionUpdate: { coValue, sessionID: SESSION, lastIdx: count,
      lastSignature: `signature_z${count}`, bytesSinceLastSignature: 10 } });
    for (let i = 0; i < count; i++) {
      tx.addTransaction(ses, i, transactionAt(i));
    }
    tx.addSignatureAfter({ sessionRowID: ses, idx: count - 1, signature: `signature_z${count}` });
  });
  return { coValue, ses };
}
