// Where W2's time goes in this store: the same cold load of one CoValue as W2/1, with the engine
// called directly (the calls the package's sync client makes) and each step timed on its own:
// acquiring the OPFS handle, opening the store, the engine calls (which return UTF-8 JSON bytes
// across the boundary), and decoding and parsing them; then the same load through the package's
// openOpfsStore and sync client, for comparison.

import { loadEngine } from "../../src/browserEngines.js";
import { PEERS } from "./peers.js";
import { coValueId } from "./data.js";
import { SIZES, oneBigCoValue } from "./workloads.js";

const decoder = new TextDecoder();

export async function split({ quick, runs }) {
  const sizes = quick ? SIZES.quick : SIZES.full;
  const peer = PEERS["opfs-wasm"];
  await peer.remove("split");
  const db = await peer.open("split");
  for (const msg of oneBigCoValue(sizes.w2Tx, 1)) await db.ops.store(db.client, msg);
  await db.close();
  const api = await loadEngine("wasm-gc");
  const root = await navigator.storage.getDirectory();
  const samples = [];
  for (let rep = 0; rep <= runs; rep++) {
    const t = { handleMs: 0, openMs: 0, engineMs: 0, parseMs: 0, textChars: 0 };
    let t0 = performance.now();
    const handle = await (await root.getFileHandle("bench-split")).createSyncAccessHandle();
    t.handleMs = performance.now() - t0;
    t0 = performance.now();
    const rows = api.openRowsHandleWith(handle, "bench-split", "durable");
    t.openMs = performance.now() - t0;
    const call = (f) => {
      let s = performance.now();
      const bytes = f();
      t.engineMs += performance.now() - s;
      t.textChars += bytes === null ? 0 : bytes.length;
      s = performance.now();
      const value = bytes === null ? undefined : JSON.parse(decoder.decode(bytes));
      t.parseMs += performance.now() - s;
      return value;
    };
    const row = call(() => rows.getCoValue(coValueId(0)));
    let txs = 0;
    for (const s of call(() => rows.getCoValueSessions(row.rowID))) {
      let from = 0;
      for (const sig of call(() => rows.getSignatures(s.rowID, 0))) {
        txs += call(() => rows.getNewTransactionInSession(s.rowID, from, sig.idx)).length;
        from = sig.idx + 1;
      }
      if (from < s.lastIdx) txs += call(() => rows.getNewTransactionInSession(s.rowID, from, s.lastIdx)).length;
    }
    t.transactions = txs;
    rows.close();
    // The same load through the package (openOpfsStore and its sync client), right after.
    t0 = performance.now();
    const client = await peer.open("split");
    t.clientOpenMs = performance.now() - t0;
    client.ops.load(client.client, coValueId(0));
    t.clientTotalMs = performance.now() - t0;
    await client.close();
    if (rep > 0) samples.push(t);
  }
  await peer.remove("split");
  return samples;
}
