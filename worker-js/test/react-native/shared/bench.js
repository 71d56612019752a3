// Transactions per second written and read through a store's cojson client, the same code on
// Hermes (app/bench.js) and on Node (node/benchNode.mjs), each in a process of its own: cojson's shape of a local edit (one transaction() with the session update
// and one ~200-byte transaction), spread over CoValues, then every transaction read back the way
// cojson loads a CoValue. Times with Date.now(), the one clock both have; runs long enough
// (hundreds of ms) for its resolution.

/** What both runtimes run: the phone's default durability and the durable one, over a file. */
export const BENCH_MODES = ["relaxed", "durable"];
export const BENCH_OPTIONS = { transactions: 1000, coValues: 20, readRounds: 20 };

import { fakeExpoFileHandle, memoryBackend } from "./fakeExpoFileHandle.js";

/**
 * The whole benchmark over the react-native entry `entry` ({ openFileStore, fromExpoFileHandle }):
 * a warm-up round of each of BENCH_MODES, then each measured, on a file in memory behind the fake Expo handle.
 */
export function benchProgram(entry) {
  const open = (durability) => entry.openFileStore({ file: entry.fromExpoFileHandle(fakeExpoFileHandle(memoryBackend())),
    durability, appState: null, flushEveryMs: 0 });
  // Node's JIT compiles the hot paths of each mode on its first runs; Hermes compiles nothing.
  for (const mode of BENCH_MODES) {
    const warmUp = open(mode);
    runBench(warmUp, { ...BENCH_OPTIONS, transactions: BENCH_OPTIONS.transactions / 2 });
    warmUp.close();
  }
  const results = {};
  for (const mode of BENCH_MODES) {
    const store = open(mode);
    results[mode] = runBench(store, BENCH_OPTIONS);
    store.close();
  }
  return results;
}

const HEADER = { type: "comap", ruleset: { type: "ownedByGroup", group: "co_zGroup" }, meta: null, uniqueness: "bench" };

function transaction(i) {
  return { privacy: "trusting", madeAt: 1732480000123 + i,
    changes: JSON.stringify([{ op: "set", key: `key-${i % 50}`, value: `value ${i} ${"x".repeat(120)}` }]) };
}

/** { writeMs, readMs, written, read, checksum } for `transactions` edits over `coValues` CoValues. */
export function runBench(store, { transactions, coValues, readRounds }) {
  const client = store.client;
  const rows = [];
  for (let c = 0; c < coValues; c++) {
    rows.push({ id: `co_zBench${c}`, rowID: client.upsertCoValue(`co_zBench${c}`, { ...HEADER, uniqueness: `bench${c}` }),
      session: undefined, lastIdx: 0 });
  }
  const writeStart = Date.now();
  for (let i = 0; i < transactions; i++) {
    const row = rows[i % coValues];
    client.transaction((tx) => {
      const existing = tx.getSingleCoValueSession(row.rowID, "co_zBenchAccount_session_zB1");
      row.session = tx.addSessionUpdate({ sessionUpdate: { coValue: row.rowID, sessionID: "co_zBenchAccount_session_zB1",
        lastIdx: row.lastIdx + 1, lastSignature: `signature_z${i}`, bytesSinceLastSignature: 200 }, sessionRow: existing });
      tx.addTransaction(row.session, row.lastIdx, transaction(i));
    });
    row.lastIdx++;
  }
  store.flush();
  const writeMs = Math.max(1, Date.now() - writeStart);

  let read = 0;
  let sum = 0;
  const readStart = Date.now();
  for (let round = 0; round < readRounds; round++) {
    for (const { id } of rows) {
      const coValue = client.getCoValue(id);
      for (const session of client.getCoValueSessions(coValue.rowID)) {
        client.getSignatures(session.rowID, 0);
        const txs = client.getNewTransactionInSession(session.rowID, 0, session.lastIdx - 1);
        read += txs.length;
        for (const t of txs) sum = (sum + t.tx.madeAt) % 1000000007;
      }
    }
  }
  const readMs = Math.max(1, Date.now() - readStart);
  return { writeMs, readMs, written: transactions, read, checksum: sum };
}
