// What cojson does with a storage client, written once per client kind: `sync` for
// DBClientInterfaceSync (this store's `client`, cojson's SQLiteClient), `async` for
// DBClientInterfaceAsync (IndexedDB's client). Mirrors cojson 0.20.19's storageSync/storageAsync:
// store() = upsert + one transaction (getSingleCoValueSession, addSessionUpdate, a signature each
// ~100 KiB, addTransaction per transaction); load = getCoValue, getCoValueSessions, per session
// getSignatures and getNewTransactionInSession per signed range.

const MAX_BYTES_BETWEEN_SIGNATURES = 100 * 1024;

function txBytes(txs) {
  let n = 0;
  for (const t of txs) {
    n += t.changes.length;
  }
  return n;
}

function sessionUpdate(rowID, msg, row) {
  const lastIdx = row?.lastIdx ?? 0;
  const size = txBytes(msg.txs);
  let bytes = row?.bytesSinceLastSignature ?? 0;
  let sign = false;
  if (bytes + size > MAX_BYTES_BETWEEN_SIGNATURES) {
    sign = true;
    bytes = 0;
  } else {
    bytes += size;
  }
  const newLastIdx = lastIdx + msg.txs.length;
  const signature = `signature_z${msg.sessionID}_${newLastIdx}`;
  return {
    lastIdx, newLastIdx, sign, signature,
    update: { coValue: rowID, sessionID: msg.sessionID, lastIdx: newLastIdx, lastSignature: signature,
      bytesSinceLastSignature: bytes },
  };
}

/** The loaded CoValue without row ids (they differ between engines): what the checksum covers. */
function loaded(row, sessions) {
  return row === undefined ? null : { id: row.id, header: row.header, sessions };
}

export const syncOps = {
  store(client, msg) {
    const rowID = client.upsertCoValue(msg.id, msg.header);
    client.transaction((tx) => {
      const row = tx.getSingleCoValueSession(rowID, msg.sessionID);
      const u = sessionUpdate(rowID, msg, row);
      const ses = tx.addSessionUpdate({ sessionUpdate: u.update, sessionRow: row });
      if (u.sign) {
        tx.addSignatureAfter({ sessionRowID: ses, idx: u.newLastIdx - 1, signature: u.signature });
      }
      for (let i = 0; i < msg.txs.length; i++) {
        tx.addTransaction(ses, u.lastIdx + i, msg.txs[i]);
      }
    });
    return rowID;
  },
  load(client, id) {
    const row = client.getCoValue(id);
    if (row === undefined) {
      return null;
    }
    const sessions = [];
    for (const s of client.getCoValueSessions(row.rowID)) {
      const sigs = client.getSignatures(s.rowID, 0);
      const txs = [];
      let from = 0;
      for (const sig of sigs) {
        for (const t of client.getNewTransactionInSession(s.rowID, from, sig.idx)) txs.push(t.tx);
        from = sig.idx + 1;
      }
      if (from < s.lastIdx) {
        for (const t of client.getNewTransactionInSession(s.rowID, from, s.lastIdx)) txs.push(t.tx);
      }
      sessions.push({ sessionID: s.sessionID, lastIdx: s.lastIdx, lastSignature: s.lastSignature,
        signatures: sigs.map((g) => [g.idx, g.signature]), txs });
    }
    return loaded(row, sessions);
  },
};

export const asyncOps = {
  async store(client, msg) {
    const rowID = await client.upsertCoValue(msg.id, msg.header);
    await client.transaction(async (tx) => {
      const row = await tx.getSingleCoValueSession(rowID, msg.sessionID);
      const u = sessionUpdate(rowID, msg, row);
      const ses = await tx.addSessionUpdate({ sessionUpdate: u.update, sessionRow: row });
      if (u.sign) {
        await tx.addSignatureAfter({ sessionRowID: ses, idx: u.newLastIdx - 1, signature: u.signature });
      }
      for (let i = 0; i < msg.txs.length; i++) {
        await tx.addTransaction(ses, u.lastIdx + i, msg.txs[i]);
      }
    });
    return rowID;
  },
  async load(client, id) {
    const row = await client.getCoValue(id);
    if (row === undefined) {
      return null;
    }
    const sessions = [];
    for (const s of await client.getCoValueSessions(row.rowID)) {
      const sigs = await client.getSignatures(s.rowID, 0);
      const txs = [];
      let from = 0;
      for (const sig of sigs) {
        for (const t of await client.getNewTransactionInSession(s.rowID, from, sig.idx)) txs.push(t.tx);
        from = sig.idx + 1;
      }
      if (from < s.lastIdx) {
        for (const t of await client.getNewTransactionInSession(s.rowID, from, s.lastIdx)) txs.push(t.tx);
      }
      sessions.push({ sessionID: s.sessionID, lastIdx: s.lastIdx, lastSignature: s.lastSignature,
        signatures: sigs.map((g) => [g.idx, g.signature]), txs });
    }
    return loaded(row, sessions);
  },
};

/** FNV-1a over a canonical JSON text (keys sorted): equal for equal contents, whatever the key order. */
export class Checksum {
  constructor() {
    this.h = 0x811c9dc5;
  }
  add(value) {
    const s = canonical(value);
    let h = this.h;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    this.h = h >>> 0;
    return this;
  }
  hex() {
    return this.h.toString(16).padStart(8, "0");
  }
}

function canonical(value) {
  if (value === undefined) {
    return "u";
  }
  if (value === null || typeof value !== "object") {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(",")}]`;
  }
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
}
