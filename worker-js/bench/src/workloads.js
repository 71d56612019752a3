// W1-W11 of shared/docs/BENCHMARKS.md at the DB-client level. A workload prepares its state once
// per peer (untimed), then each repetition times only the operation it names and returns its
// metrics and a checksum of what the engine read back; the runner compares checksums across peers.

import { HEADER, binaryChunk, coValueId, ingestStream, permutation, random, sessionId, transaction } from "./data.js";
import { Checksum } from "./ops.js";

// BENCHMARKS.md's sizes, except where one peer would hold a full run for many minutes on a shared
// 2-core machine (W1: 30k instead of 300k transactions; W5: 2k queries; W7: 1k CoValues; W8: 500
// CoValues; W10: 2k edits). `--quick` shrinks everything to a smoke run.
export const SIZES = {
  full: {
    w1: [1000, 3, 10, 10], w2Tx: 10000, w3: [1000, 20], w4: 1000, w5: [100, 1000, 2000],
    w6: [1000, 10000], w7: 1000, w8: [500, 20], w9: [1 << 20, 100 * 1024], w10: 2000, w11Mb: 100,
  },
  quick: {
    w1: [50, 2, 10, 10], w2Tx: 1000, w3: [100, 20], w4: 100, w5: [20, 200, 300],
    w6: [200, 1000], w7: 100, w8: [100, 20], w9: [256 * 1024, 100 * 1024], w10: 100, w11Mb: 5,
  },
};

const STANDARD = ["opfs-wasm", "opfs-js", "memory", "sqlite", "sqlite-tuned", "indexeddb"];

function elapsed(t0) {
  return performance.now() - t0;
}

async function storeAll(db, messages) {
  for (const msg of messages) {
    await db.ops.store(db.client, msg);
  }
}

async function loadAll(db, ids, sum) {
  for (const id of ids) {
    sum.push(await db.ops.load(db.client, id));
  }
}

function digest(values) {
  const c = new Checksum();
  for (const v of values) c.add(v);
  return c.hex();
}

function cache(f) {
  let value;
  return () => (value ??= f());
}

function ingest([n, sessions, perSession, perMessage]) {
  return {
    messages: cache(() => [...ingestStream(n, sessions, perSession, perMessage)]),
    logicalBytes: cache(() => {
      let bytes = 0;
      for (const m of ingestStream(n, sessions, perSession, perMessage)) {
        for (const t of m.txs) bytes += JSON.stringify(t).length;
      }
      return bytes;
    }),
  };
}

/** Fresh file per repetition: open, `body(db)` (returns the timed ms and metrics), close, remove. */
async function fresh(peer, name, body) {
  await peer.remove(name);
  const db = await peer.open(name);
  try {
    return await body(db);
  } finally {
    await db.close();
    await peer.remove(name);
  }
}

function w1(sizes) {
  const [n, sessions, perSession, perMessage] = sizes.w1;
  const stream = ingest(sizes.w1);
  const txs = n * sessions * perSession;
  return {
    id: "W1", title: `ingest ${n} CoValues x ${sessions} sessions x ${perSession} transactions, ${perMessage} per message, interleaved`,
    metrics: [
      { key: "rowsPerSec", label: "ingest", unit: "transactions/s", better: "higher" },
      { key: "amplification", label: "bytes written / logical bytes", unit: "x", better: "lower", noRatio: true },
    ],
    peers: STANDARD,
    async run(peer, rep) {
      const messages = stream.messages();
      return fresh(peer, `w1-${rep}`, async (db) => {
        const before = db.store?.stats();
        const t0 = performance.now();
        await storeAll(db, messages);
        await db.flush();
        const ms = elapsed(t0);
        const note = ioPerCommit(db, before, messages.length);
        const written = db.bytesWritten();
        const ids = [];
        for (let v = 0; v < n; v += 50) ids.push(coValueId(v));
        const rows = [];
        await loadAll(db, ids, rows);
        return {
          metrics: { rowsPerSec: txs / (ms / 1000), amplification: written === null ? null : written / stream.logicalBytes() },
          checksum: digest(rows),
          note: note && `${note} (per message)`,
        };
      });
    },
  };
}

/** One CoValue of `total` transactions in `sessions` sessions, written as 100-transaction messages. */
export function oneBigCoValue(total, sessions) {
  return [...ingestStream(1, sessions, Math.ceil(total / sessions), 100)];
}

function coldLoad(id, title, name, messages, idsInOrder) {
  return {
    id, title,
    metrics: [
      { key: "ms", label: "open + load", unit: "ms", better: "lower" },
      { key: "openMs", label: "of which open", unit: "ms", better: "lower" },
    ],
    peers: STANDARD,
    async prepare(peer) {
      await peer.remove(name);
      const db = await peer.open(name);
      await storeAll(db, messages());
      await db.close();
    },
    async run(peer) {
      const ids = idsInOrder();
      const rows = [];
      const t0 = performance.now();
      const db = await peer.open(name);
      const openMs = elapsed(t0);
      await loadAll(db, ids, rows);
      const ms = elapsed(t0);
      await db.close();
      return { metrics: { ms, openMs }, checksum: digest(rows) };
    },
    finish: (peer) => peer.remove(name),
  };
}

function w2(sizes, sessions) {
  const messages = cache(() => oneBigCoValue(sizes.w2Tx, sessions));
  return coldLoad(`W2/${sessions}`, `cold load of one CoValue, ${sizes.w2Tx} transactions in ${sessions} session${sessions > 1 ? "s" : ""}`,
    `w2-${sessions}`, messages, () => [coValueId(0)]);
}

function w3(sizes) {
  const [n, perCoValue] = sizes.w3;
  const messages = cache(() => [...ingestStream(n, 1, perCoValue, perCoValue)]);
  const order = cache(() => permutation(n, 3).map(coValueId));
  return coldLoad("W3", `cold load of ${n} CoValues (${perCoValue} transactions each) in random order`, "w3", messages, order);
}

function w4(sizes) {
  const count = sizes.w4;
  const messages = cache(() => Array.from({ length: count }, (_, i) => ({
    id: coValueId(0), header: HEADER(0), sessionID: sessionId(0, 0), after: i, txs: [transaction(0, 0, i)],
  })));
  return {
    id: "W4", title: `local edits: ${count} x one transaction per commit`,
    metrics: [{ key: "commitsPerSec", label: "commits", unit: "commits/s", better: "higher" }],
    peers: ["raw-opfs", "opfs-wasm", "opfs-js", "opfs-wasm-relaxed", "sqlite", "sqlite-tuned", "indexeddb"],
    async run(peer, rep) {
      return fresh(peer, `w4-${rep}`, async (db) => {
        if (db.raw) {
          return { metrics: { commitsPerSec: appendAndFlush(db.raw, count - 1, RAW_FRAME_BYTES) }, checksum: null };
        }
        const all = messages();
        await db.ops.store(db.client, all[0]);
        const before = db.store?.stats();
        const t0 = performance.now();
        await storeAll(db, all.slice(1));
        await db.flush();
        const ms = elapsed(t0);
        const rows = [await db.ops.load(db.client, coValueId(0))];
        return { metrics: { commitsPerSec: (count - 1) / (ms / 1000) }, checksum: digest(rows), note: ioPerCommit(db, before, count - 1) };
      });
    },
  };
}

// What one W4 commit writes to this store's log (measured: stats().bytesWritten per commit).
const RAW_FRAME_BYTES = 376;

/** `n` appends of `bytes` each followed by a flush: the physical ceiling of durable commits, per second. */
function appendAndFlush(handle, n, bytes) {
  const frame = new Uint8Array(bytes).fill(1);
  let at = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    handle.write(frame, { at });
    at += bytes;
    handle.flush();
  }
  return n / (elapsed(t0) / 1000);
}

/** This store's I/O per commit over a run (from its counters); undefined for other engines. */
function ioPerCommit(db, before, commits) {
  if (!before) return undefined;
  const after = db.store.stats();
  const per = (k) => ((after[k] - before[k]) / commits).toFixed(2);
  return `per commit: ${per("flushes")} flushes, ${per("writeCalls")} write calls, ${per("bytesWritten")} bytes, `
    + `${per("commits")} engine commits, ${per("checkpoints")} checkpoints`;
}

/** State kept open across repetitions: prepared once, closed and removed by finish. */
function openState(name, populate) {
  const open = new Map();
  return {
    async prepare(peer, peerId) {
      await peer.remove(name);
      let db = await peer.open(name);
      await populate(db);
      await db.close();
      db = await peer.open(name);
      open.set(peerId, db);
    },
    db: (peerId) => open.get(peerId),
    async finish(peer, peerId) {
      await open.get(peerId).close();
      open.delete(peerId);
      await peer.remove(name);
    },
  };
}

function w5(sizes) {
  const [n, perSession, queries] = sizes.w5;
  const state = openState("w5", (db) => storeAll(db, [...ingestStream(n, 1, perSession, 100)]));
  const sessions = new Map();
  return {
    id: "W5", title: `tail reads: last 100 transactions + getSignatures of a random session, x ${queries} (${n} sessions of ${perSession})`,
    metrics: [{ key: "queriesPerSec", label: "tail reads", unit: "queries/s", better: "higher" }],
    peers: STANDARD,
    async prepare(peer, peerId) {
      await state.prepare(peer, peerId);
      const db = state.db(peerId);
      const rows = [];
      for (let v = 0; v < n; v++) {
        const co = await db.client.getCoValue(coValueId(v));
        const [s] = await db.client.getCoValueSessions(co.rowID);
        rows.push({ rowID: s.rowID, lastIdx: s.lastIdx });
      }
      sessions.set(peerId, rows);
    },
    async run(peer, rep, peerId) {
      const db = state.db(peerId);
      const rows = sessions.get(peerId);
      const next = random(55);
      const picks = Array.from({ length: queries }, () => rows[Math.floor(next() * rows.length)]);
      const kept = [];
      const t0 = performance.now();
      for (let q = 0; q < queries; q++) {
        const s = picks[q];
        const from = Math.max(0, s.lastIdx - 100);
        const txs = await db.client.getNewTransactionInSession(s.rowID, from, s.lastIdx);
        const sigs = await db.client.getSignatures(s.rowID, from);
        if (q % 101 === 0) kept.push([txs.map((t) => [t.idx, t.tx]), sigs.map((g) => [g.idx, g.signature])]);
      }
      const ms = elapsed(t0);
      return { metrics: { queriesPerSec: queries / (ms / 1000) }, checksum: digest(kept) };
    },
    async finish(peer, peerId) {
      sessions.delete(peerId);
      await state.finish(peer, peerId);
    },
  };
}

function w6(sizes) {
  const [n, lookups] = sizes.w6;
  const state = openState("w6", (db) => storeAll(db, [...ingestStream(n, 2, 5, 5)]));
  return {
    id: "W6", title: `getCoValueKnownState x ${lookups} (10% absent) over ${n} CoValues; getCoValueIDs enumeration + getCoValueCount`,
    metrics: [
      { key: "knownPerSec", label: "known state", unit: "lookups/s", better: "higher" },
      { key: "enumerateMs", label: "enumerate all ids + count", unit: "ms", better: "lower" },
    ],
    peers: STANDARD,
    prepare: state.prepare,
    async run(peer, rep, peerId) {
      const db = state.db(peerId);
      const next = random(66);
      const ids = Array.from({ length: lookups }, () => {
        const v = Math.floor(next() * n);
        return next() < 0.1 ? `co_zAbsent${v}` : coValueId(v);
      });
      const kept = [];
      let t0 = performance.now();
      for (let i = 0; i < lookups; i++) {
        const known = await db.client.getCoValueKnownState(ids[i]);
        if (i % 97 === 0) kept.push(known ?? null);
      }
      const knownMs = elapsed(t0);
      t0 = performance.now();
      const all = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await db.client.getCoValueIDs(1000, offset);
        for (const { id } of page) all.push(id);
        if (page.length < 1000) break;
      }
      const count = await db.client.getCoValueCount();
      const enumerateMs = elapsed(t0);
      kept.push(all.sort(), count);
      return { metrics: { knownPerSec: lookups / (knownMs / 1000), enumerateMs }, checksum: digest(kept) };
    },
    finish: state.finish,
  };
}

function w7(sizes) {
  const n = sizes.w7;
  const state = openState("w7", async () => {});
  const ids = Array.from({ length: n }, (_, v) => coValueId(v));
  return {
    id: "W7", title: `sync tracking: ${n} CoValues marked unsynced then synced in batches of 100; getUnsyncedCoValueIDs`,
    metrics: [
      { key: "updatesPerSec", label: "track updates", unit: "updates/s", better: "higher" },
      { key: "unsyncedMs", label: "getUnsyncedCoValueIDs", unit: "ms", better: "lower" },
    ],
    peers: STANDARD,
    prepare: state.prepare,
    async run(peer, rep, peerId) {
      const db = state.db(peerId);
      const batches = (synced) => {
        const out = [];
        for (let i = 0; i < n; i += 100) {
          out.push(ids.slice(i, i + 100).map((id) => ({ id, peerId: "peer_zServer", synced })));
        }
        return out;
      };
      const unsynced = batches(false);
      const synced = batches(true);
      let t0 = performance.now();
      for (const b of unsynced) await db.client.trackCoValuesSyncState(b);
      let trackMs = elapsed(t0);
      t0 = performance.now();
      const pending = await db.client.getUnsyncedCoValueIDs();
      const unsyncedMs = elapsed(t0);
      t0 = performance.now();
      for (const b of synced) await db.client.trackCoValuesSyncState(b);
      trackMs += elapsed(t0);
      const after = await db.client.getUnsyncedCoValueIDs();
      return {
        metrics: { updatesPerSec: (2 * n) / (trackMs / 1000), unsyncedMs },
        checksum: digest([[...pending].sort(), after]),
      };
    },
    finish: state.finish,
  };
}

function w8(sizes) {
  const [n, perCoValue] = sizes.w8;
  const messages = cache(() => [...ingestStream(n, 1, perCoValue, perCoValue)]);
  const refill = cache(() => [...ingestStream(n + n / 10, 1, perCoValue, perCoValue)].slice(n));
  const victims = cache(() => permutation(n, 8).slice(0, n / 10).map(coValueId));
  return {
    id: "W8", title: `erase 10% of ${n} CoValues (${perCoValue} transactions each), reopen, write as much again`,
    metrics: [
      { key: "eraseMs", label: "erase 10%", unit: "ms", better: "lower" },
      { key: "mbFull", label: "file, full", unit: "MB", better: "lower", noRatio: true },
      { key: "mbErased", label: "file, after erase + reopen", unit: "MB", better: "lower", noRatio: true },
      { key: "mbRefilled", label: "file, after writing 10% again", unit: "MB", better: "lower", noRatio: true },
    ],
    peers: STANDARD,
    async run(peer, rep) {
      const name = `w8-${rep}`;
      await peer.remove(name);
      const mb = (b) => (b === null ? null : b / 1e6);
      try {
        let db = await peer.open(name);
        await storeAll(db, messages());
        await db.close();
        db = await peer.open(name);
        const mbFull = mb(await db.fileBytes());
        const t0 = performance.now();
        for (const id of victims()) await db.client.eraseCoValueButKeepTombstone(id);
        const eraseMs = elapsed(t0);
        await db.close();
        db = await peer.open(name);
        const mbErased = mb(await db.fileBytes());
        await storeAll(db, refill());
        const rows = [];
        await loadAll(db, [victims()[0], coValueId(n), coValueId(n + n / 10 - 1)], rows);
        await db.close();
        db = await peer.open(name);
        const mbRefilled = mb(await db.fileBytes());
        await db.close();
        return { metrics: { eraseMs, mbFull, mbErased, mbRefilled }, checksum: digest(rows) };
      } finally {
        await peer.remove(name);
      }
    },
  };
}

function w9(sizes) {
  const [bytes, chunk] = sizes.w9;
  const messages = cache(() => {
    const out = [];
    for (let i = 0; i * chunk < bytes; i++) {
      out.push({ id: coValueId(0), header: { ...HEADER(0), type: "costream", meta: { type: "binary" } },
        sessionID: sessionId(0, 0), after: i, txs: [binaryChunk(i, Math.min(chunk, bytes - i * chunk))] });
    }
    return out;
  });
  return {
    id: "W9", title: `a ${bytes >> 10} KiB binary stream in ${chunk >> 10} KiB chunks: store, then cold load`,
    metrics: [
      { key: "storeMs", label: "store", unit: "ms", better: "lower" },
      { key: "loadMs", label: "open + load", unit: "ms", better: "lower" },
    ],
    peers: STANDARD,
    async run(peer, rep) {
      const name = `w9-${rep}`;
      await peer.remove(name);
      try {
        let db = await peer.open(name);
        let t0 = performance.now();
        await storeAll(db, messages());
        await db.flush();
        const storeMs = elapsed(t0);
        await db.close();
        t0 = performance.now();
        db = await peer.open(name);
        const row = await db.ops.load(db.client, coValueId(0));
        const loadMs = elapsed(t0);
        await db.close();
        return { metrics: { storeMs, loadMs }, checksum: digest([row]) };
      } finally {
        await peer.remove(name);
      }
    },
  };
}

function w11(sizes) {
  const mb = sizes.w11Mb;
  // ~1.1 KB per transaction: 100 per message, interleaved over 100 CoValues.
  const perSession = Math.ceil((mb * 1e6) / 1100 / 100 / 100) * 100;
  return {
    id: "W11", title: `open a store of ~${mb} MB (engine loaded)`,
    metrics: [{ key: "openMs", label: "open", unit: "ms", better: "lower" }],
    peers: ["opfs-wasm", "opfs-js"],
    async prepare(peer) {
      await peer.remove("w11");
      const db = await peer.open("w11");
      for (const msg of ingestStream(100, 1, perSession, 100, (v, s, idx) => {
        const t = transaction(v, s, idx);
        return { ...t, changes: t.changes.repeat(5) };
      })) {
        await db.ops.store(db.client, msg);
      }
      await db.close();
    },
    async run(peer) {
      const t0 = performance.now();
      const db = await peer.open("w11");
      const count = await db.client.getCoValueCount();
      const openMs = elapsed(t0);
      const fileMb = db.fileBytes() / 1e6;
      await db.close();
      return { metrics: { openMs }, checksum: digest([count]), note: `${fileMb.toFixed(1)} MB file` };
    },
    finish: (peer) => peer.remove("w11"),
  };
}

export function workloads(sizes) {
  return [w1(sizes), w2(sizes, 1), w2(sizes, 4), w2(sizes, 32), w3(sizes), w4(sizes), w5(sizes), w6(sizes), w7(sizes),
    w8(sizes), w9(sizes), w11(sizes)];
}
