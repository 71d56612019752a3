// The side-by-side browser benchmark (shared/docs/BENCHMARKS.md): every peer in one headless
// Chromium, one dedicated module worker per workload, one seeded operation stream; medians of
// --runs repetitions after a warm-up; checksums of what each engine read back compared across
// engines (a mismatch fails the run). Writes results/latest.json, results/latest.html and a PNG
// of that report (../../docs/bench.png).
//
// node run.mjs [--quick] [--runs N] [--only W2,W4] [--peers opfs-wasm,sqlite] [--png path] [--out dir]
// node run.mjs --render results/latest.json    (the report of a stored run again, no measuring)

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, release, tmpdir, type } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { buildBench } from "./build.mjs";
import { markdown, report } from "./report.mjs";
import { serve } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, "..");
const repoDir = resolve(packageDir, "..");

function parseArgs(argv) {
  const a = { quick: false, runs: 5, only: null, peers: null, png: join(repoDir, "docs", "bench.png"), out: join(here, "results") };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--quick") a.quick = true;
    else if (arg === "--runs") a.runs = Number(value());
    else if (arg === "--only") a.only = value().split(",");
    else if (arg === "--peers") a.peers = value().split(",");
    else if (arg === "--png") a.png = resolve(value());
    else if (arg === "--out") a.out = resolve(value());
    else throw new Error(`unknown option ${arg} (options: --quick --runs N --only W1,W2 --peers a,b --png file --out dir)`);
  }
  if (!Number.isInteger(a.runs) || a.runs < 1) throw new Error("--runs takes a whole number >= 1");
  if (a.quick && !argv.includes("--runs")) a.runs = 2;
  return a;
}

// As TOOLCHAIN.md: headless, no sandbox (root), nothing that phones home.
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

const OURS = "opfs-wasm";
const RIVALS = ["sqlite", "sqlite-tuned", "indexeddb"];

function median(xs) {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((p, q) => p - q);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** How many times faster `ours` is than `other` (> 1 = ours is faster). */
function ratio(metric, ours, other) {
  if (ours === null || other === null || ours === 0 || other === 0) return null;
  return metric.better === "higher" ? ours / other : other / ours;
}

const fmt = (x) => (x === null ? "n/a" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Writes the HTML, Markdown and PNG of a run's JSON again (after a change to report.mjs). */
async function render(jsonFile, args) {
  const result = JSON.parse(readFileSync(jsonFile, "utf8"));
  const base = jsonFile.replace(/\.json$/, "");
  const html = report(result);
  writeFileSync(`${base}.html`, html);
  writeFileSync(`${base}.md`, markdown(result));
  await screenshot(html, result.quick ? `${base}.png` : args.png);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === "--render") {
    await render(resolve(argv[1]), parseArgs(argv.slice(2)));
    return;
  }
  const args = parseArgs(argv);
  const started = Date.now();
  await buildBench();
  const server = await serve(packageDir);
  const profile = mkdtempSync(join(tmpdir(), "cojson-bench-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: FLAGS,
  });
  let failed = false;
  const result = {
    date: new Date().toISOString(), quick: args.quick, runs: args.runs,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, os: `${type()} ${release()}` },
    commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoDir, encoding: "utf8" }).trim(),
    dirty: execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: repoDir, encoding: "utf8" }).trim() !== "",
    workloads: [],
  };
  try {
    const page = context.pages()[0] ?? await context.newPage();
    page.on("console", (m) => { if (m.type() === "error") console.error(`[browser] ${m.text()}`); });
    await page.goto(`${server.url}/`);
    const cdp = await context.newCDPSession(page);
    result.browser = (await cdp.send("Browser.getVersion")).product;
    await cdp.detach();
    // A worker that never answers must not hold the whole run: each request has a deadline.
    const inWorker = async (message, timeoutMs = 20 * 60_000) => {
      const id = await page.evaluate(() => window.startWorker());
      try {
        return await page.evaluate(([i, m, ms]) => Promise.race([window.ask(i, m), new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`no answer to ${m.cmd} within ${ms} ms`)), ms))]), [id, message, timeoutMs]);
      } finally {
        await page.evaluate((i) => window.stopWorker(i), id);
      }
    };

    result.probe = await inWorker({ cmd: "probe", scale: args.quick ? 0.5 : 1 });
    const p = result.probe;
    console.log(`raw OPFS handle: write call ${fmt(p.writeCallUs)} us, 4 KiB writes ${fmt(p.write4kMBps)} MB/s, `
      + `64 KiB writes ${fmt(p.write64kMBps)} MB/s, read call ${fmt(p.readCallUs)} us, append+flush ${fmt(p.appendFlushPerSec)}/s`);

    const described = await inWorker({ cmd: "describe", quick: args.quick });
    const chosen = described.filter((w) => !args.only || args.only.some((o) => w.id === o || w.id.startsWith(`${o}/`)));
    for (const w of chosen) {
      const entry = { id: w.id, title: w.title, metrics: w.metrics, peers: {} };
      result.workloads.push(entry);
      const peers = w.peers.filter((id) => !args.peers || args.peers.includes(id));
      for (const peerId of peers) {
        const t0 = Date.now();
        try {
          // A fresh worker per peer: no engine's leftovers (memory, caches, handles) weigh on the next.
          const r = await inWorker({ cmd: "workload", id: w.id, peer: peerId, runs: args.runs, quick: args.quick });
          const pr = { checksum: r.runs[0].checksum, medians: {}, runs: {}, seconds: (Date.now() - t0) / 1000 };
          for (const m of w.metrics) {
            pr.runs[m.key] = r.runs.map((x) => x.metrics[m.key]);
            pr.medians[m.key] = median(pr.runs[m.key]);
          }
          const sums = new Set([r.warmup.checksum, ...r.runs.map((x) => x.checksum)]);
          if (sums.size > 1) {
            pr.checksumError = `checksums differ between repetitions: ${[...sums].join(" ")}`;
          }
          if (r.runs[0].note) {
            pr.note = r.runs[0].note;
            console.log(`  ${w.id} ${peerId}: ${pr.note}`);
          }
          entry.peers[peerId] = pr;
          console.log(`  ${w.id} ${peerId}: ${w.metrics.map((m) => `${m.label} ${fmt(pr.medians[m.key])} ${m.unit}`).join(", ")} `
            + `[${pr.checksum}] (${pr.seconds.toFixed(1)} s)`);
        } catch (e) {
          entry.peers[peerId] = { error: String(e.message ?? e).split("\n")[0] };
          console.error(`  ${w.id} ${peerId}: FAILED ${String(e.message ?? e).split("\n").slice(0, 3).join(" | ")}`);
          failed = true;
        }
      }
      failed = checkChecksums(entry) || failed;
      printRatios(entry, result.probe);
    }

    if (chosen.some((w) => w.id.startsWith("W2/")) && (!args.peers || args.peers.includes(OURS))) {
      // Diagnostic only: a failure is reported and the run goes on to W11 and the report.
      const samples = await inWorker({ cmd: "split", quick: args.quick, runs: args.runs }, 3 * 60_000)
        .catch((error) => { console.error(`W2/1 split failed: ${error.message}`); return null; });
      if (samples !== null) {
        const parts = ["handleMs", "openMs", "engineMs", "parseMs", "clientOpenMs", "clientTotalMs"];
        result.w2Split = Object.fromEntries(parts.map((k) => [k, median(samples.map((x) => x[k]))]));
        result.w2Split.textChars = samples[0].textChars;
        result.w2Split.transactions = samples[0].transactions;
        const s = result.w2Split;
        console.log(`W2/1 split (this store, Wasm GC, engine called directly): OPFS handle ${fmt(s.handleMs)} ms, open ${fmt(s.openMs)} ms, `
          + `engine calls ${fmt(s.engineMs)} ms, JSON.parse ${fmt(s.parseMs)} ms (${s.transactions} transactions, ${(s.textChars / 1e6).toFixed(2)} M chars of JSON); `
          + `through the package right after: open ${fmt(s.clientOpenMs)} ms, open + load ${fmt(s.clientTotalMs)} ms`);
      }
    }

    if (!args.only || args.only.includes("W11")) {
      result.startup = {};
      const whats = ["opfs-wasm", "opfs-js", "sqlite", "indexeddb"].filter((id) => !args.peers || args.peers.includes(id));
      for (const what of whats) {
        const samples = [];
        for (let rep = 0; rep <= args.runs; rep++) {
          const { ms } = await inWorker({ cmd: "startup", what });
          if (rep > 0) samples.push(ms);
        }
        result.startup[what] = { median: median(samples), runs: samples };
      }
      const s = result.startup;
      console.log(`W11 import + instantiate + first open (fresh worker): ${whats.map((w) => `${w} ${fmt(s[w].median)} ms`).join(", ")}`);
      if (s[OURS] && s.sqlite) {
        console.log(`W11 start-up: ${fmt(s.sqlite.median / s[OURS].median)}x sqlite-wasm init (opfs-sahpool)`);
      }
    }
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  result.seconds = (Date.now() - started) / 1000;
  mkdirSync(args.out, { recursive: true });
  const name = args.quick ? "quick" : "latest";
  writeFileSync(join(args.out, `${name}.json`), `${JSON.stringify(result, null, 1)}\n`);
  const html = report(result);
  writeFileSync(join(args.out, `${name}.html`), html);
  writeFileSync(join(args.out, `${name}.md`), markdown(result));
  await screenshot(html, args.quick ? join(args.out, "quick.png") : args.png);
  console.log(`results: ${join(args.out, `${name}.json`)}, ${name}.html, ${name}.md; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  if (failed) {
    console.error("BENCH FAILED: see the errors and checksum mismatches above");
    process.exit(1);
  }
}

/** Every peer must have read back the same thing; a mismatch is loud and fails the run. */
function checkChecksums(entry) {
  let bad = false;
  const byChecksum = new Map();
  for (const [peer, r] of Object.entries(entry.peers)) {
    if (r.error || r.checksum === null) continue;
    if (r.checksumError) {
      console.error(`!!! ${entry.id} ${peer}: ${r.checksumError}`);
      bad = true;
    }
    byChecksum.set(r.checksum, [...(byChecksum.get(r.checksum) ?? []), peer]);
  }
  if (byChecksum.size > 1) {
    console.error(`!!! ${entry.id} CHECKSUM MISMATCH: engines read back different data: `
      + [...byChecksum].map(([c, ps]) => `${c} from ${ps.join(", ")}`).join("; "));
    entry.checksumMismatch = true;
    bad = true;
  }
  return bad;
}

function printRatios(entry, probe) {
  const ours = entry.peers[OURS];
  if (!ours || ours.error) return;
  for (const m of entry.metrics) {
    if (m.noRatio) continue;
    const parts = [];
    for (const rival of RIVALS) {
      const r = entry.peers[rival];
      if (!r || r.error) continue;
      parts.push(`${fmt(ratio(m, ours.medians[m.key], r.medians[m.key]))}x ${rival}`);
    }
    if (parts.length === 0) continue;
    const line = `${entry.id} ${m.label}: ${parts.join(", ")}`;
    const raw = entry.peers["raw-opfs"];
    if (entry.id === "W4" && raw && !raw.error) {
      const relaxed = entry.peers["opfs-wasm-relaxed"];
      console.log(`${line}; ${(100 * ours.medians[m.key] / raw.medians[m.key]).toFixed(0)}% of the raw append+flush rate`
        + ` measured alongside (${fmt(raw.medians[m.key])}/s; probe at start: ${fmt(probe.appendFlushPerSec)}/s)`
        + (relaxed && !relaxed.error ? `; relaxed: ${fmt(relaxed.medians[m.key] / raw.medians[m.key])}x it` : ""));
    } else {
      console.log(line);
    }
  }
}

async function screenshot(html, file) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.setContent(html);
    mkdirSync(dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
