// The page-level benchmark (shared/docs/BENCHMARKS.md, P1–P6): a cojson app on the main thread,
// built by Vite once per storage (IndexedDB, and each package under test), every step a real
// reload of its tab in headless Chromium and Firefox on a persistent profile; medians of --runs
// reloads after a warm-up, IDB/ours ratios, checksums of what the app saw compared across
// storages (a mismatch or a failed step fails the run). See README.md beside this file.
//
// node run.mjs [--browser chromium|firefox|both] [--runs N] [--quick] [--only P1,P4]
//              [--ours [label=]path]... [--out dir] [--doc file|none] [--work dir]
// node run.mjs --render results/page-latest.json [--doc file|none]   (the Markdown of a stored run again)

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem, type } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, version } from "./browsers.mjs";
import { buildVariant, hasPreload, stagePackage, targetDir } from "./build.mjs";
import { checkChecksums, slim, summarize } from "./summary.mjs";
import { markdown, writeDoc } from "./report.mjs";
import { serveOrigin } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, "../..");
const repoDir = resolve(packageDir, "..");

/** A path option, relative to where scripts/page-bench.sh was started (else to the current folder). */
const fromCaller = (path) => resolve(process.env.PAGE_BENCH_CWD ?? process.cwd(), path);

const ALL = ["P1", "P2", "P3", "P4", "P5", "P6"];
const SEED_TIMEOUT_MS = 15 * 60_000;
const STEP_TIMEOUT_MS = 5 * 60_000;

export function parseArgs(argv) {
  const a = { quick: false, runs: 5, browsers: ["chromium", "firefox"], only: ALL, ours: [], out: join(here, "..", "results"), doc: undefined,
    work: join(targetDir, "run") };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--quick") a.quick = true;
    else if (arg === "--runs") a.runs = Number(value());
    else if (arg === "--browser") {
      const b = value();
      if (!["chromium", "firefox", "both"].includes(b)) throw new Error("--browser takes chromium, firefox or both");
      a.browsers = b === "both" ? ["chromium", "firefox"] : [b];
    } else if (arg === "--only") {
      a.only = value().split(",");
      const bad = a.only.filter((s) => !ALL.includes(s));
      if (bad.length > 0) throw new Error(`--only: unknown scenario ${bad.join(", ")} (${ALL.join(", ")})`);
    } else if (arg === "--ours") {
      const v = value();
      const eq = v.indexOf("=");
      const label = eq > 0 ? v.slice(0, eq) : "ours";
      const source = fromCaller(eq > 0 ? v.slice(eq + 1) : v);
      if (!/^[a-z0-9][a-z0-9._-]*$/i.test(label)) throw new Error(`--ours label ${JSON.stringify(label)}: letters, digits, . _ - only`);
      if (label === "indexeddb" || a.ours.some((o) => o.label === label)) throw new Error(`--ours label ${label} is taken: give each its own (label=path)`);
      if (!existsSync(source)) throw new Error(`--ours ${source} does not exist`);
      a.ours.push({ label, source });
    } else if (arg === "--out") a.out = fromCaller(value());
    else if (arg === "--work") {
      a.work = fromCaller(value());
      if (!a.work.startsWith(targetDir)) throw new Error(`--work must be a folder under ${targetDir} (cojson resolves from there)`);
    } else if (arg === "--doc") {
      const d = value();
      a.doc = d === "none" ? d : fromCaller(d);
    }
    else throw new Error(`unknown option ${arg} (options: --browser chromium|firefox|both --runs N --quick --only P1,P2 --ours [label=]path --out dir --doc file|none --work dir)`);
  }
  if (!Number.isInteger(a.runs) || a.runs < 1) throw new Error("--runs takes a whole number >= 1");
  if (a.quick && !argv.includes("--runs")) a.runs = 2;
  if (a.ours.length === 0) a.ours.push({ label: "ours", source: packageDir });
  // P6 reads the bytes of P2's and P3's data, so it needs their origins.
  if (a.only.includes("P6")) a.only = [...new Set([...a.only, "P2", "P3"])];
  if (a.doc === undefined) a.doc = a.quick ? "none" : join(repoDir, "docs", "page-bench.md");
  return a;
}

function gitFacts(dir) {
  try {
    const git = (...args) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return { commit: git("rev-parse", "--short", "HEAD"), dirty: git("status", "--porcelain", "--untracked-files=no", "--", ".") !== "" };
  } catch {
    return undefined;
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  })]).finally(() => clearTimeout(timer));
}

const load1 = () => Number(loadavg()[0].toFixed(2));

async function runBrowser(name, variants, args) {
  const size = args.quick ? "quick" : "full";
  const profile = mkdtempSync(join(tmpdir(), `page-bench-${name}-`));
  const out = { browser: name, scenarios: {}, errors: [], load: { start: load1() } };
  const servers = [];
  const started = Date.now();
  console.log(`\n=== ${name}: launching (profile ${profile})`);
  const context = await launch(name, profile);
  try {
    const first = context.pages()[0] ?? await context.newPage();
    out.version = await version(name, context, first);
    console.log(`${out.version}, load average ${out.load.start}`);
    // One tab per variant, reloaded in turn: each reload is the user's reload of that app.
    const pages = {};
    for (const [i, v] of variants.entries()) {
      const page = i === 0 ? first : await context.newPage();
      page.on("console", (m) => {
        if (m.type() === "error") console.error(`  [${name} ${v.id} console] ${m.text()}`);
      });
      pages[v.id] = page;
    }
    const origin = async (v) => {
      const o = await serveOrigin(v.outDir, v.fallbackDist);
      servers.push({ v, o });
      return o;
    };
    const query = (scenario, step) => `/?scenario=${scenario}&step=${step}&size=${size}&bytes=1`;

    /** One page load of variant v: a navigation to `path` on origin o, or a reload (path null). */
    async function visit(v, o, path, timeoutMs = STEP_TIMEOUT_MS) {
      const page = pages[v.id];
      const from = o.requests.length;
      const what = `${name} ${v.id} ${path ?? "reload"}`;
      await page.bringToFront();
      if (path) await page.goto(o.url + path, { waitUntil: "domcontentloaded", timeout: timeoutMs });
      else await page.reload({ waitUntil: "domcontentloaded", timeout: timeoutMs });
      const r = await withTimeout(page.evaluate(() => window.benchResult), timeoutMs, what);
      if (!r.ok) throw new Error(`${what}: ${r.error}`);
      r.requests = o.requests.slice(from).map((q) => ({ path: q.path, status: q.status, at: q.at - r.timeOrigin }));
      if (name === "chromium" && v.kind === "opfs") r.worker = await workerFacts(page);
      if (name === "firefox") r.disk = firefoxOriginBytes(profile, o.url);
      return r;
    }

    const alternate = (rep) => (rep % 2 === 0 ? variants : [...variants].reverse());
    const say = (s, what) => console.log(`  ${s} ${what} (${((Date.now() - started) / 1000).toFixed(0)} s, load ${load1()})`);

    for (const scenario of ["P1", "P2", "P3", "P4"].filter((s) => args.only.includes(s))) {
      const entry = { seed: {}, warmup: {}, loads: {}, load: { start: load1() } };
      out.scenarios[scenario] = entry;
      try {
        const origins = {};
        const step = scenario === "P4" ? "edits" : "load";
        for (const v of variants) {
          origins[v.id] = await origin(v);
          entry.seed[v.id] = await visit(v, origins[v.id], query(scenario, "seed"), SEED_TIMEOUT_MS);
          say(scenario, `${v.id} seeded in ${entry.seed[v.id].ingestMs.toFixed(0)} ms`);
        }
        for (const v of variants) {
          entry.warmup[v.id] = await visit(v, origins[v.id], query(scenario, step));
          entry.loads[v.id] = [];
        }
        for (let rep = 0; rep < args.runs; rep++) {
          for (const v of alternate(rep)) entry.loads[v.id].push(await visit(v, origins[v.id], null));
        }
        say(scenario, `${args.runs} ${step === "edits" ? "reloads with edits" : "reloads"} per storage done`);
      } catch (error) {
        entry.error = String(error?.message ?? error);
        out.errors.push(`${scenario}: ${entry.error}`);
        console.error(`  ${scenario} FAILED: ${entry.error}`);
      }
      entry.load.end = load1();
    }

    if (args.only.includes("P5")) {
      // Each ingest into a fresh origin (an empty store); the first round is the warm-up.
      const entry = { ingests: {}, load: { start: load1() } };
      out.scenarios.P5 = entry;
      try {
        for (const data of ["P2", "P3"]) {
          entry.ingests[data] = Object.fromEntries(variants.map((v) => [v.id, []]));
          for (let rep = 0; rep <= args.runs; rep++) {
            for (const v of alternate(rep)) {
              const o = await origin(v);
              const r = await visit(v, o, query(data, "seed"), SEED_TIMEOUT_MS);
              r.warmup = rep === 0;
              entry.ingests[data][v.id].push(r);
              await o.close();
            }
          }
          say("P5", `${args.runs} + 1 ingests of ${data}'s data per storage done`);
        }
      } catch (error) {
        entry.error = String(error?.message ?? error);
        out.errors.push(`P5: ${entry.error}`);
        console.error(`  P5 FAILED: ${entry.error}`);
      }
      entry.load.end = load1();
    }
  } finally {
    await context.close().catch(() => undefined);
    for (const { o } of servers) await o.close();
    rmSync(profile, { recursive: true, force: true });
  }
  // Engine files that no bundler shipped, so the server handed them out (see serve.mjs).
  out.engineFilesOutsideBundle = {};
  for (const { v, o } of servers) {
    if (v.kind !== "opfs") continue;
    const seen = out.engineFilesOutsideBundle[v.id] ?? new Set();
    for (const path of o.fallbackHits) seen.add(path);
    out.engineFilesOutsideBundle[v.id] = seen;
  }
  for (const [id, seen] of Object.entries(out.engineFilesOutsideBundle)) out.engineFilesOutsideBundle[id] = [...seen].sort();
  out.load.end = load1();
  out.seconds = (Date.now() - started) / 1000;
  return out;
}

/**
 * Firefox's estimate() counts the whole site (every port of 127.0.0.1 together), so the bytes of
 * one origin are read from its folder in the profile: IndexedDB, OPFS and the rest of its storage.
 */
function firefoxOriginBytes(profile, url) {
  const dir = join(profile, "storage", "default", `http+++127.0.0.1+${new URL(url).port}`);
  if (!existsSync(dir)) return undefined;
  let bytes = 0;
  const byKind = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    const kind = path.slice(dir.length + 1).split("/")[0];
    byKind[kind] = (byKind[kind] ?? 0) + size;
    bytes += size;
  }
  return { bytes, byKind };
}

/** Chromium only (BiDi has no worker realms): the worker's time origin and the files it fetched. */
async function workerFacts(page) {
  const worker = page.workers().at(-1);
  if (!worker) return undefined;
  return withTimeout(worker.evaluate(() => ({
    timeOrigin: performance.timeOrigin,
    resources: performance.getEntriesByType("resource").map((e) => ({ name: new URL(e.name).pathname, startTime: e.startTime, responseEnd: e.responseEnd })),
  })), 10_000, "worker facts").catch(() => undefined);
}

/** Writes the Markdown of a stored run again (after a change to report.mjs), and the doc's section. */
function render(argv) {
  const file = fromCaller(argv[0]);
  const result = JSON.parse(readFileSync(file, "utf8"));
  const md = markdown(result);
  writeFileSync(file.replace(/\.json$/, ".md"), md);
  const doc = argv[1] === "--doc" ? argv[2] : result.quick ? "none" : join(repoDir, "docs", "page-bench.md");
  if (doc !== "none") writeDoc(fromCaller(doc), md);
  console.log(md);
}

async function main() {
  if (process.argv[2] === "--render") {
    render(process.argv.slice(3));
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const result = {
    date: new Date().toISOString(), quick: args.quick, runs: args.runs, only: args.only,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${type()} ${release()}`, node: process.version },
    harness: gitFacts(here), load: { start: load1() }, variants: [], browsers: {},
  };
  console.log(`page bench: ${args.browsers.join(" and ")}, ${args.runs} reloads after a warm-up, ${args.quick ? "quick" : "full"} sizes, `
    + `scenarios ${args.only.join(",")}, load average ${result.load.start} on ${result.machine.cores} cores`);

  const variants = [{ id: "indexeddb", kind: "indexeddb", title: "IndexedDB (cojson-storage-indexeddb 0.20.19)" }];
  for (const o of args.ours) {
    const staging = stagePackage(args.work, o.label, o.source);
    const fallbackDist = join(staging, "node_modules", "cojson-storage-opfs", "dist");
    const preload = hasPreload(staging) ? ", its /preload imported first" : "";
    variants.push({ id: o.label, kind: "opfs", title: `${o.label} (cojson-storage-opfs from ${o.source}${preload})`, source: o.source,
      sourceGit: statSync(o.source).isDirectory() ? gitFacts(o.source) : undefined, staging, fallbackDist });
  }
  for (const v of variants) {
    const built = await buildVariant(args.work, v.id, v.kind, v.staging);
    Object.assign(v, built);
    console.log(`built ${v.id}: ${built.files.map((f) => `${f.path} ${(f.bytes / 1024).toFixed(0)} KiB`).join(", ")}`);
    for (const w of built.warnings) console.log(`  build warning (${v.id}): ${w.split("\n")[0]}`);
  }
  result.variants = variants.map(({ id, kind, title, source, sourceGit, files, warnings }) => ({ id, kind, title, source, sourceGit, files, warnings }));

  for (const name of args.browsers) {
    result.browsers[name] = await runBrowser(name, variants, args);
  }
  result.load.end = load1();
  result.seconds = (Date.now() - started) / 1000;

  const mismatches = checkChecksums(result);
  const summary = summarize(result);
  result.summary = summary;
  result.checksums = mismatches.checked;
  // Every measured load must be the browser's reload of the tab, not a navigation from elsewhere.
  for (const b of Object.values(result.browsers)) {
    for (const [scenario, entry] of Object.entries(b.scenarios)) {
      for (const [id, rs] of Object.entries(entry.loads ?? {})) {
        const other = rs.filter((r) => r.navigation?.type !== "reload");
        if (other.length > 0) b.errors.push(`${scenario} ${id}: ${other.length} measured loads were not reloads (${other[0].navigation?.type})`);
      }
    }
  }
  const failed = mismatches.errors.length > 0 || Object.values(result.browsers).some((b) => b.errors.length > 0);
  result.failed = failed;

  mkdirSync(args.out, { recursive: true });
  const name = args.quick ? "page-quick" : "page-latest";
  // Times to 0.01 ms: the float noise of performance.now() differences is not data.
  const rounded = (_, x) => (typeof x === "number" && !Number.isInteger(x) ? Math.round(x * 100) / 100 : x);
  writeFileSync(join(args.out, `${name}.json`), `${JSON.stringify(slim(result), rounded, 1)}\n`);
  const md = markdown(result);
  writeFileSync(join(args.out, `${name}.md`), md);
  if (args.doc !== "none") writeDoc(resolve(args.doc), md);
  console.log(`\n${md}`);
  console.log(`results: ${join(args.out, `${name}.json`)} and ${name}.md${args.doc !== "none" ? `, ${args.doc}` : ""}; ${result.seconds.toFixed(0)} s in all`);
  for (const e of mismatches.errors) console.error(`!!! ${e}`);
  for (const b of Object.values(result.browsers)) for (const e of b.errors) console.error(`!!! ${b.browser}: ${e}`);
  if (failed) {
    console.error("PAGE BENCH FAILED: see the errors and checksum mismatches above");
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
