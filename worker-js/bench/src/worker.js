// The bench's dedicated module worker: runs what the runner asks, one message at a time, and
// answers with numbers. { cmd: "probe" } measures the raw OPFS handle; { cmd: "workload", id,
// peer, runs, quick } prepares, warms up once, repeats `runs` times and finishes; { cmd:
// "startup", what } times module import + instantiate + first open in this (fresh) worker;
// { cmd: "split" } times the steps of W2's cold load inside this store (split.js).

import { PEERS, sqliteStart } from "./peers.js";
import { probe } from "./probe.js";
import { SIZES, workloads } from "./workloads.js";
import { loadNode } from "./localNode.js";
import { split } from "./split.js";

const startupNow = performance.now();

async function runWorkload({ id, peer: peerId, runs, quick }) {
  const sizes = quick ? SIZES.quick : SIZES.full;
  const all = [...workloads(sizes), loadNode(sizes)];
  const w = all.find((x) => x.id === id);
  if (!w) throw new Error(`no workload ${id}`);
  const peer = PEERS[peerId];
  await w.prepare?.(peer, peerId);
  const results = [];
  try {
    for (let rep = 0; rep <= runs; rep++) {
      const r = await w.run(peer, rep, peerId);
      if (rep > 0) results.push(r);
      else results.warmup = r;
    }
  } finally {
    await w.finish?.(peer, peerId);
  }
  return { warmup: results.warmup, runs: results };
}

async function describe({ quick }) {
  const sizes = quick ? SIZES.quick : SIZES.full;
  return [...workloads(sizes), loadNode(sizes)].map((w) => ({ id: w.id, title: w.title, metrics: w.metrics, peers: w.peers }));
}

async function startup({ what }) {
  const t0 = performance.now();
  if (what === "opfs-wasm" || what === "opfs-js") {
    const { openOpfsStore } = await import("cojson-storage-opfs/worker");
    const store = await openOpfsStore({ name: "bench-startup", engine: what === "opfs-wasm" ? "wasm-gc" : "js" });
    const ms = performance.now() - t0;
    store.close();
    await (await navigator.storage.getDirectory()).removeEntry("bench-startup");
    return { ms };
  }
  if (what === "sqlite") {
    const sahpool = await sqliteStart();
    const db = new sahpool.OpfsSAHPoolDb("/startup.sqlite3");
    const ms = performance.now() - t0;
    db.close();
    sahpool.unlink("/startup.sqlite3");
    return { ms };
  }
  if (what === "indexeddb") {
    const { getIndexedDBStorage } = await import("cojson-storage-indexeddb");
    const client = (await getIndexedDBStorage("bench-startup")).dbClient;
    const ms = performance.now() - t0;
    client.db.close();
    return { ms };
  }
  throw new Error(`no startup peer ${what}`);
}

const COMMANDS = { probe: ({ scale }) => probe(scale), workload: runWorkload, startup, describe, split };

self.onmessage = async ({ data }) => {
  try {
    const result = await COMMANDS[data.cmd](data);
    self.postMessage({ ok: true, result, workerStartMs: startupNow });
  } catch (e) {
    self.postMessage({ ok: false, error: `${e?.code ?? e?.name ?? "Error"}: ${e?.message ?? e}\n${e?.stack ?? ""}` });
  }
};
self.postMessage({ ready: true });
