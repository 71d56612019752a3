// Keeps the page bench from rotting (`npm run test:page-bench` in worker-js, so in CI): its
// checksum comparison, and one quick run in Chromium of the small app, the 1,000-CoMap list (100
// here) and the edits, where both storages must give the app the same data after real reloads.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import test from "node:test";
import { fileURLToPath } from "node:url";
import { targetDir } from "./build.mjs";
import { checkChecksums } from "./summary.mjs";

const here = dirname(fileURLToPath(import.meta.url));

const load = (checksum) => ({ checksum });
const run = (oursLoads) => ({
  browsers: {
    chromium: {
      scenarios: {
        P1: { seed: { indexeddb: load("aa"), ours: load("aa") }, warmup: {}, loads: { indexeddb: [load("aa"), load("aa")], ours: oursLoads } },
      },
    },
  },
});

test("a storage that gives the app different data fails the checksum comparison", () => {
  assert.deepEqual(checkChecksums(run([load("aa"), load("aa")])).errors, []);
  const { errors } = checkChecksums(run([load("aa"), load("bb")]));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /CHECKSUM MISMATCH in P1: .*bb in chromium ours P1 reload 2/);
});

test("after real reloads in Chromium both storages give the app the same data, and every step is timed", () => {
  mkdirSync(targetDir, { recursive: true });
  const work = mkdtempSync(join(targetDir, "check-"));
  try {
    const { status, stdout, stderr } = spawnSync(process.execPath, ["run.mjs", "--quick", "--runs", "1", "--browser", "chromium",
      "--only", "P1,P3,P4", "--out", work, "--doc", "none", "--work", work], { cwd: here, encoding: "utf8", timeout: 5 * 60_000 });
    assert.equal(status, 0, `the quick run failed:\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`);
    const result = JSON.parse(readFileSync(join(work, "page-quick.json"), "utf8"));
    assert.deepEqual(Object.keys(result.checksums).sort(), ["P1", "P3", "P4 edits"]);
    for (const [group, sums] of Object.entries(result.checksums)) assert.equal(Object.keys(sums).length, 1, `${group}: ${JSON.stringify(sums)}`);
    const { indexeddb, ours } = result.summary.chromium;
    for (const key of ["P1/storageReady", "P1/content", "P3/listShown", "P3/content", "P4/edit", "P4/burst"]) {
      assert.ok(indexeddb.metrics[key] > 0, `IndexedDB ${key}: ${indexeddb.metrics[key]}`);
      assert.ok(ours.metrics[key] > 0, `ours ${key}: ${ours.metrics[key]}`);
    }
    // Ours really ran on OPFS in its worker, which the page saw start and answer.
    const reload = result.browsers.chromium.scenarios.P1.loads.ours[0];
    assert.equal(reload.facts.stats.engine, "wasm-gc");
    assert.ok(reload.facts.stats.fileBytes > 0);
    assert.ok(reload.marks.storageReady >= reload.facts.workers[0].firstMessage);
    assert.equal(reload.navigation.type, "reload");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
