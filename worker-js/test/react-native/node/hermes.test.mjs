// The react-native entry bundled by Metro as an app is and run on the Hermes VM: cojson's
// StorageApiSync stores a real account's CoValues in a file through the Expo adapter and loads
// them back; the contract checks pass there; the file crosses to Node (a real file), where the
// /node entry opens it and a LocalNode loads every CoValue, checking signatures; a fresh Hermes VM
// reopens it and appends; react-native 0.88's Hermes 1.0 compiler accepts the bundle. Last, the
// same benchmark on Hermes and Node, side by side.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { openFileStore as openNodeFile } from "cojson-storage-opfs/node";
import { fromExpoFileHandle, openFileStore } from "cojson-storage-opfs/react-native";
import { bundleWithMetro } from "../metro.mjs";
import { BENCH_MODES, BENCH_OPTIONS } from "../shared/bench.js";
import { canonical, checksum, summarize } from "../shared/coValues.js";
import { runContractChecks } from "../shared/contract.js";
import { fakeExpoFileHandle, memoryBackend } from "../shared/fakeExpoFileHandle.js";
import { StorageApiSync, STREAM_BYTES, checkWithLocalNode, makeFixtures } from "./fixtures.mjs";
import { HERMES, HERMESC_012, HERMESC_1, compile, runOnHermes, runTimed, versionOf } from "./hermes.mjs";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(here, "target");
const bundle = join(target, "program.bundle.js");
const benchBundle = join(target, "bench.bundle.js");
const ADDED = { id: "co_zAddedOnHermes", sessionID: "co_zPhone_session_zH1", count: 50 };

let fixtures;
let fileFromHermes;

before(async () => {
  mkdirSync(target, { recursive: true });
  fixtures = await makeFixtures();
  const ms = await bundleWithMetro([{ entry: join(here, "app", "program.js"), out: bundle },
    { entry: join(here, "app", "bench.js"), out: benchBundle }]);
  console.log(`# Metro bundled app/program.js (${readFileSync(bundle).length} bytes) and app/bench.js in ${ms} ms`);
});

/** Opens `path` with the /node entry (Node's own file binding) and checks it with a LocalNode. */
async function checkOnNode(path) {
  const store = openNodeFile({ path });
  try {
    store.verify();
    console.log(`# Node ${process.version} opened ${path.slice(path.lastIndexOf("/") + 1)} with the ${store.stats().engine} build`);
    const found = await checkWithLocalNode(new StorageApiSync(store.client), fixtures);
    assert.equal(found.profileName, "Ada");
    assert.deepEqual(found.map, fixtures.expected.map);
    assert.deepEqual(found.list, fixtures.expected.list);
    assert.equal(found.streamFinished, true);
    assert.equal(found.streamBytes.length, STREAM_BYTES);
    assert.deepEqual(found.streamBytes, fixtures.payload);
    return store.client;
  } finally {
    store.close();
  }
}

describe(`on Hermes ${versionOf(HERMES)}`, () => {
  let written;

  test("cojson's StorageApiSync stores a real account's CoValues in a file through the Expo adapter and loads them back", async () => {
    const run = await runOnHermes(bundle, { command: "write", messages: fixtures.messages, ids: fixtures.ids });
    [written] = run.results;
    assert.equal(written.checksum, checksum(canonical(summarize(fixtures.messages))));
    assert.equal(written.messages, fixtures.messages.length);
    assert.equal(written.rootConditionGivesThisEntry, true, "the package root under the react-native condition");
    assert.equal(written.salvageIntact, fixtures.ids.length, "salvageFileStore finds every CoValue intact");
    fileFromHermes = join(target, "from-hermes.db");
    writeFileSync(fileFromHermes, run.image);
  });

  test("relaxed commits wait in memory until the app leaves the foreground, then one flush writes them", () => {
    assert.ok(written.relaxed.logBytesBefore > 0, "commits were pending");
    assert.equal(written.relaxed.flushesAfter, written.relaxed.flushesBefore + 1);
    assert.ok(written.stats.appFile.flushesSkipped >= 1, "Expo's handle cannot flush: the store said so");
  });

  test("the contract checks pass on Hermes as on Node, on a file store and in memory", async () => {
    const onNode = await runContractChecks(() => openFileStore({
      file: fromExpoFileHandle(fakeExpoFileHandle(memoryBackend())), durability: "durable" }));
    assert.deepEqual(written.contract, onNode);
    assert.equal(written.memoryContract, onNode.length);
    assert.ok(onNode.length >= 12);
  });

  test("the file Hermes wrote opens with the /node entry, and a LocalNode loads every CoValue from it, signatures checked", async () => {
    await checkOnNode(fileFromHermes);
  });

  test("a fresh Hermes VM reopens that file, finds every CoValue, and appends to it", async () => {
    const run = await runOnHermes(bundle, { command: "reopen", image: readFileSync(fileFromHermes).toString("base64"),
      ids: fixtures.ids, add: ADDED });
    assert.equal(run.results[0].checksum, checksum(canonical(summarize(fixtures.messages))));
    const path = join(target, "reopened-on-hermes.db");
    writeFileSync(path, run.image);
    const store = openNodeFile({ path });
    try {
      const row = store.client.getCoValue(ADDED.id);
      const [session] = store.client.getCoValueSessions(row.rowID);
      assert.equal(session.lastIdx, ADDED.count);
      assert.deepEqual(store.client.getNewTransactionInSession(session.rowID, 0, ADDED.count).map((t) => t.tx.changes),
        Array.from({ length: ADDED.count }, (_, i) => JSON.stringify([{ op: "set", key: "n", value: i }])));
    } finally {
      store.close();
    }
    await checkOnNode(path);
  });

  test("react-native 0.88's Hermes compiler (hermesc 1.0, npm hermes-compiler) compiles the bundle", () => {
    assert.equal(versionOf(HERMESC_1), "1.0.0");
    const result = compile(HERMESC_1, bundle, join(target, "program.hermes1.hbc"));
    assert.ok(result.ok, result.output);
  });
});

describe("transactions per second, Hermes against Node, the same code in one run", () => {
  test("both runtimes write and read the same rows; the table is in target/bench.json", async () => {
    const bytecode = join(target, "bench.hbc");
    const compiled = compile(HERMESC_012, benchBundle, bytecode);
    assert.ok(compiled.ok, compiled.output);
    const programs = {
      hermes: [HERMES, "-w", bytecode],
      node: [process.execPath, join(here, "node", "benchNode.mjs")],
    };
    // Rounds alternate between the runtimes, so that a change in the machine's load hits both.
    const rounds = 3;
    const samples = { hermes: [], node: [] };
    for (let round = 0; round < rounds; round++) {
      for (const runtime of ["hermes", "node"]) samples[runtime].push(await runTimed(programs[runtime]));
    }
    const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
    // Wall clock per phase, and the same scaled by the share of a core the process got (its CPU
    // time over its wall time): the second is what the rate would be on an idle core.
    const rate = (runtime, mode, count, ms, onIdleCore) => Math.round(median(samples[runtime].map((s) =>
      s.results[mode][count] / ((s.results[mode][ms] * (onIdleCore ? Math.min(1, s.cpuMs / s.wallMs) : 1)) / 1000))));
    const table = {};
    for (const mode of BENCH_MODES) {
      const row = {};
      for (const runtime of ["hermes", "node"]) {
        row[`${runtime}WritePerS`] = rate(runtime, mode, "written", "writeMs", false);
        row[`${runtime}ReadPerS`] = rate(runtime, mode, "read", "readMs", false);
        row[`${runtime}WritePerCpuS`] = rate(runtime, mode, "written", "writeMs", true);
        row[`${runtime}ReadPerCpuS`] = rate(runtime, mode, "read", "readMs", true);
        for (const sample of samples[runtime]) {
          assert.equal(sample.results[mode].checksum, samples.node[0].results[mode].checksum, `${runtime} read back the same rows (${mode})`);
          assert.equal(sample.results[mode].read, BENCH_OPTIONS.transactions * BENCH_OPTIONS.readRounds);
        }
      }
      table[mode] = row;
    }
    const coreShare = (runtime) => median(samples[runtime].map((s) => s.cpuMs / s.wallMs)).toFixed(2);
    const report = { hermes: versionOf(HERMES), node: process.version, options: BENCH_OPTIONS, rounds,
      coreShare: { hermes: coreShare("hermes"), node: coreShare("node") }, table, samples };
    writeFileSync(join(target, "bench.json"), `${JSON.stringify(report, null, 2)}\n`);
    const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
    console.log(`# transactions/s, median of ${rounds} processes each (Hermes ${report.hermes} bytecode -O; Node ${process.version};`
      + ` the JS build on both); share of a core each got: Hermes ${report.coreShare.hermes}, Node ${report.coreShare.node}`);
    for (const [mode, r] of Object.entries(table)) {
      console.log(`#   ${mode.padEnd(8)} wall clock: write Hermes ${r.hermesWritePerS} / Node ${r.nodeWritePerS} = ${ratio(r.hermesWritePerS, r.nodeWritePerS)},`
        + ` read ${r.hermesReadPerS} / ${r.nodeReadPerS} = ${ratio(r.hermesReadPerS, r.nodeReadPerS)}`);
      console.log(`#   ${"".padEnd(8)} per CPU second: write Hermes ${r.hermesWritePerCpuS} / Node ${r.nodeWritePerCpuS} = ${ratio(r.hermesWritePerCpuS, r.nodeWritePerCpuS)},`
        + ` read ${r.hermesReadPerCpuS} / ${r.nodeReadPerCpuS} = ${ratio(r.hermesReadPerCpuS, r.nodeReadPerCpuS)}`);
    }
  });
});
