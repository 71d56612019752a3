// Runs cojson's storage tests against our storage and judges the outcome:
//   node run.mjs                  against cojson-storage-opfs (its /node entry, a real file per test)
//   node run.mjs --reference      against cojson's own SQLite storage (libsql), to tell our
//                                 failures from the suite's own
//   node run.mjs --node <binary>  under another Node (Node 22+ runs the Wasm GC build, Node 20 JS)
// Other arguments go to vitest (e.g. a file name filter). Installs this folder's packages with
// `npm install` (pinned by package-lock.json) when they are missing or stale. Prints the counts and every failure; exits non-zero on a
// failure not listed in storageTests.mjs, on a listed one that now passes, and on any error
// outside a test.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXCLUDED_TESTS, EXPECTED_FAILURES, TIMING_SENSITIVE } from "./storageTests.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const storage = args.includes("--reference") ? "sqlite" : "opfs";
const nodeAt = args.indexOf("--node");
const nodeBinary = nodeAt >= 0 ? args[nodeAt + 1] : process.execPath;
const vitestArgs = args.filter(
  (arg, i) => arg !== "--reference" && (nodeAt < 0 || (i !== nodeAt && i !== nodeAt + 1)),
);
const nodeMajor = Number(
  spawnSync(nodeBinary, ["-p", "process.versions.node.split('.')[0]"], { encoding: "utf8" }).stdout,
);
// The /node entry picks Wasm GC where the runtime has it (Node 22+) and the JS build otherwise;
// the factories check every store against this (swap/checkEngine.mjs).
const engine = nodeMajor >= 22 ? "wasm-gc" : "js";

// cojson's tests put their databases in os.tmpdir() and leave some behind (those created outside a
// test's own cleanup); a folder of this run's own keeps them together and goes away at the end.
const tmpDir = join(here, "target", `tmp-${storage}-${process.pid}`);

installPackages();
mkdirSync(tmpDir, { recursive: true });
const started = Date.now();
const outcomes = runVitest(vitestArgs, "all");
const retried = rerunTimingSensitive(outcomes.tests);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
rmSync(tmpDir, { recursive: true, force: true });
process.exit(judge(outcomes, retried, seconds) ? 0 : 1);

// Install only when node_modules was not installed from this very package-lock.json. `npm ci`
// refuses this lock: cojson-core-napi's platform packages for other systems are not in it (the
// registry does not serve them), so `npm install`, which keeps every locked version, does it.
function installPackages() {
  const lockHash = createHash("sha256").update(readFileSync(join(here, "package-lock.json"))).digest("hex");
  const stamp = join(here, "node_modules", ".installed-from-lock");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === lockHash) return;
  const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: here, stdio: "inherit" });
  if (npm.status !== 0) {
    console.error(`conformance: npm install failed (exit ${npm.status})`);
    process.exit(1);
  }
  writeFileSync(stamp, lockHash);
}

function runVitest(extraArgs, label) {
  const outcomesFile = join(here, "target", `outcomes-${storage}-${label}.json`);
  rmSync(outcomesFile, { force: true });
  const vitest = spawnSync(
    nodeBinary,
    [
      join(here, "node_modules", "vitest", "vitest.mjs"),
      "run",
      "--reporter=default",
      // cojson's tests log a lot; show what a test logged only when it failed.
      "--silent=passed-only",
      `--reporter=${join(here, "outcomeReporter.mjs")}`,
      ...extraArgs,
    ],
    {
      cwd: here,
      stdio: "inherit",
      env: {
        ...process.env,
        CONFORMANCE_STORAGE: storage,
        CONFORMANCE_ENGINE: engine,
        CONFORMANCE_OUTCOMES: outcomesFile,
        TMPDIR: tmpDir,
      },
    },
  );
  if (!existsSync(outcomesFile)) {
    console.error(`conformance: vitest wrote no outcomes (exit ${vitest.status}, signal ${vitest.signal})`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(outcomesFile, "utf8"));
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Each failed timing-sensitive test once more, alone: key → its outcome there.
function rerunTimingSensitive(tests) {
  const retried = new Map();
  for (const test of tests) {
    if (test.state !== "fail" || !(test.key in TIMING_SENSITIVE)) continue;
    const parts = test.key.split(" > ");
    console.log(`\nconformance: re-running a timing-sensitive test alone: ${test.key}`);
    const again = runVitest([parts[0], "-t", `${escapeRegExp(parts.at(-1))}$`], "rerun");
    retried.set(test.key, again.tests.find((other) => other.key === test.key) ?? { state: "not run" });
  }
  return retried;
}

function judge({ tests, fileErrors, unhandledErrors }, retried, seconds) {
  const expected = EXPECTED_FAILURES[storage];
  const isExcluded = (key) =>
    EXCLUDED_TESTS.some((test) => key.startsWith(`${test.file} > `) && key.endsWith(` > ${test.name}`));
  const stateOf = (test) => (retried.get(test.key)?.state === "pass" ? "pass" : test.state);

  const passed = tests.filter((test) => stateOf(test) === "pass");
  const failed = tests.filter((test) => stateOf(test) === "fail");
  const skipped = tests.filter((test) => test.state === "skip" || test.state === "todo");
  const notRun = tests.filter((test) => !["pass", "fail", "skip", "todo"].includes(stateOf(test)));
  const isExpected = (test) => test.key in expected && (test.error ?? "").includes(expected[test.key].error);
  const unexpected = failed.filter((test) => !isExpected(test));
  const expectedSeen = failed.filter(isExpected);
  const nowPassing = passed.filter((test) => test.key in expected);
  // Only for files that ran: a vitest filter may leave files out.
  const ranFile = (key) => tests.some((test) => test.key.startsWith(`${key.split(" > ")[0]} > `));
  const missing = Object.keys(expected).filter((key) => ranFile(key) && !tests.some((test) => test.key === key));

  const through = process.env.CONFORMANCE_CLIENT === "tab" ? ", through a browser tab's client" : "";
  const storageName =
    storage === "opfs" ? `cojson-storage-opfs (${engine} engine${through})` : "cojson's own SQLite storage (libsql)";
  console.log(`\n=== cojson@0.20.19 storage tests on ${storageName}, Node ${nodeMajor}, ${seconds} s ===`);
  console.log(
    `${tests.length} tests: ${passed.length} passed, ${failed.length} failed ` +
      `(${expectedSeen.length} of them expected), ${skipped.length} skipped ` +
      `(${skipped.filter((test) => isExcluded(test.key)).length} excluded in storageTests.mjs, ` +
      `${skipped.filter((test) => !isExcluded(test.key)).length} skipped by cojson itself or a -t filter)` +
      (notRun.length ? `, ${notRun.length} not run` : ""),
  );
  for (const [key, again] of retried) {
    console.log(`  timing-sensitive, failed in the full run, ${again.state === "pass" ? "passed" : "FAILED"} alone: ${key}`);
  }
  for (const test of expectedSeen) {
    console.log(`  expected failure: ${test.key}\n    ${test.error}\n    why: ${expected[test.key].why}`);
  }
  for (const test of unexpected) console.log(`  FAILED: ${test.key}\n    ${test.error}`);
  for (const test of nowPassing) console.log(`  NOW PASSING, remove from EXPECTED_FAILURES: ${test.key}`);
  for (const key of missing) console.log(`  NOT FOUND, listed in EXPECTED_FAILURES: ${key}`);
  for (const test of notRun) console.log(`  NOT RUN: ${test.key}`);
  for (const { file, error } of fileErrors) console.log(`  FILE ERROR in ${file}: ${error}`);
  for (const error of unhandledErrors) console.log(`  ERROR OUTSIDE ANY TEST: ${error}`);

  const ok =
    tests.length > 0 &&
    unexpected.length + nowPassing.length + missing.length + notRun.length === 0 &&
    fileErrors.length + unhandledErrors.length === 0;
  console.log(ok ? "conformance: OK" : "conformance: FAILED");
  return ok;
}
