// CoValue content as cojson's storage hands it out (content messages from StorageApiSync.load),
// reduced to what must survive storage exactly: each CoValue's header and, per session, every
// transaction in order and the last signature. Runs on Hermes and Node alike.

/** Every CoValue's content from `messages`, in a canonical shape; overlapping resends are checked and merged. */
export function summarize(messages) {
  const byId = {};
  for (const msg of messages) {
    const entry = byId[msg.id] ?? (byId[msg.id] = { header: undefined, sessions: {} });
    if (msg.header !== undefined) {
      const header = canonical(msg.header);
      if (entry.header !== undefined && entry.header !== header) {
        throw new Error(`${msg.id}: two different headers`);
      }
      entry.header = header;
    }
    for (const sessionID of Object.keys(msg.new ?? {})) {
      const part = msg.new[sessionID];
      const session = entry.sessions[sessionID] ?? (entry.sessions[sessionID] = { txs: [], lastSignature: undefined });
      if (part.after > session.txs.length) {
        throw new Error(`${msg.id} ${sessionID}: transactions from ${part.after} arrived before ${session.txs.length}`);
      }
      part.newTransactions.forEach((tx, i) => {
        const idx = part.after + i;
        const text = canonical(tx);
        if (idx < session.txs.length) {
          if (session.txs[idx] !== text) throw new Error(`${msg.id} ${sessionID}: transaction ${idx} differs when sent again`);
        } else {
          session.txs.push(text);
        }
      });
      if (part.after + part.newTransactions.length >= session.txs.length) {
        session.lastSignature = part.lastSignature;
      }
    }
  }
  return byId;
}

/** Transactions per session of every CoValue in a summary: { id: { sessionID: count } }. */
export function counts(summary) {
  const out = {};
  for (const id of Object.keys(summary)) {
    out[id] = {};
    for (const sessionID of Object.keys(summary[id].sessions)) {
      out[id][sessionID] = summary[id].sessions[sessionID].txs.length;
    }
  }
  return out;
}

/**
 * Loads `ids` through cojson's StorageApiSync, pulling a large CoValue's later parts from its
 * streaming queue, until every session holds what the store's known state says.
 */
export async function loadAll(storage, client, ids) {
  const messages = [];
  const wanted = {};
  for (const id of ids) {
    const known = client.getCoValueKnownState(id);
    if (known === undefined) throw new Error(`${id} is not in the store`);
    wanted[id] = known.sessions;
    storage.load(id, (msg) => messages.push(msg), () => {});
  }
  for (let round = 0; ; round++) {
    // A LocalNode's SyncManager pulls the later parts of a large CoValue from this queue; here
    // nothing else does.
    for (let next = storage.streamingQueue?.pull(); next; next = storage.streamingQueue.pull()) next();
    const have = counts(summarize(messages));
    const missing = ids.filter((id) => Object.keys(wanted[id]).some((s) => (have[id]?.[s] ?? 0) !== wanted[id][s]));
    if (missing.length === 0) return messages;
    if (round > 2000) throw new Error(`loading never completed for ${missing.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A short checksum of a text (FNV-1a, 32 bits), to compare runtimes' results. */
export function checksum(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}
