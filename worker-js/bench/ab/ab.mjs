// A/B of two builds of the package on the page, side by side in one headless Chromium:
//   node ab/ab.mjs --before <package dir> [--after <package dir>] [--rounds 5] [--edits 200] [--count 1000]
// A package dir holds src/ and dist/ (e.g. a checkout of an older commit with its built dist/;
// --after defaults to this worker-js/). For each variant the page (ab/page.js) and the package's
// owner worker are bundled with esbuild (cojson from this bench folder's packages), served from
// 127.0.0.1, and run in fresh pages, the variants alternating: per round, `edits` sequential edits of
// a CoMap through getOpfsStorage() (median ms from map.set until stored), and a reload's load of
// `count` CoMaps (seeded once per variant). Prints medians over the rounds, the after/before ratio,
// the checksums of what loaded, and the machine's load average.

import * as esbuild from "esbuild";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = resolve(here, "..");
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const variants = { before: resolve(args.before ?? ""), after: resolve(args.after ?? join(benchDir, "..")) };
if (!args.before) throw new Error("--before <package dir> is required");
const rounds = Number(args.rounds ?? 5);
const editsPerRound = Number(args.edits ?? 200);
const count = Number(args.count ?? 1000);

const out = mkdtempSync(join(tmpdir(), "cojson-storage-opfs-ab-"));
for (const [variant, packageDir] of Object.entries(variants)) {
  const target = join(out, variant, "target");
  mkdirSync(target, { recursive: true });
  cpSync(join(packageDir, "dist"), join(out, variant, "dist"), { recursive: true });
  await esbuild.build({
    entryPoints: { page: join(here, "page.js"), "owner-worker": join(packageDir, "src", "owner", "owner-worker.js") },
    outdir: target, bundle: true, format: "esm", platform: "browser", target: "es2022", logLevel: "warning",
    external: ["node:*"],
    plugins: [{
      name: "ab-resolve",
      setup(build) {
        build.onResolve({ filter: /^cojson-storage-opfs$/ }, () => ({ path: join(packageDir, "src", "entries", "index.js") }));
        build.onResolve({ filter: /^cojson(\/|$)/ }, (a) => (a.resolveDir === benchDir ? undefined
          : build.resolve(a.path, { kind: a.kind, resolveDir: benchDir })));
      },
    }],
  });
  writeFileSync(join(target, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>');
}

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
const server = createServer((req, res) => {
  const path = normalize(join(out, decodeURIComponent(new URL(req.url, "http://x").pathname)));
  if (!path.startsWith(out + sep)) return res.writeHead(403).end();
  let body;
  try {
    body = readFileSync(path);
  } catch {
    return res.writeHead(404).end();
  }
  return res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
});
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const base = `http://127.0.0.1:${server.address().port}`;

const profile = mkdtempSync(join(tmpdir(), "cojson-storage-opfs-ab-profile-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});

async function inPage(variant, fn, arg) {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/${variant}/target/index.html`);
    await page.waitForFunction((name) => typeof window[name] === "function", fn);
    return await page.evaluate(([name, a]) => window[name](a), [fn, arg]);
  } finally {
    await page.close();
  }
}

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
const loadBefore = loadavg();
const started = Date.now();
try {
  const seeded = {};
  for (const variant of Object.keys(variants)) seeded[variant] = await inPage(variant, "seed", { name: `ab-list-${variant}`, count });
  const samples = { before: { edit: [], load: [], total: [] }, after: { edit: [], load: [], total: [] } };
  const seen = {};
  await inPage("before", "edits", { name: "ab-warm-before", edits: 10 });
  await inPage("after", "edits", { name: "ab-warm-after", edits: 10 });
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ["before", "after"] : ["after", "before"];
    for (const variant of order) {
      const edits = await inPage(variant, "edits", { name: `ab-edits-${variant}-${round}`, edits: editsPerRound });
      const loaded = await inPage(variant, "loadAll", { name: `ab-list-${variant}`, ...seeded[variant] });
      samples[variant].edit.push(edits.medianMs);
      samples[variant].load.push(loaded.loadMs);
      samples[variant].total.push(loaded.totalMs);
      if (round === 0) console.log(`  ${variant}: requests ${JSON.stringify(loaded.byOp)}; answered in the tab ${JSON.stringify(loaded.answeredLocally ?? {})}`);
      seen[variant] = { messagesPerEdit: edits.messagesPerEdit, loadMessages: loaded.messages, checksum: loaded.checksum };
      console.log(`round ${round} ${variant}: edit ${edits.medianMs.toFixed(2)} ms (${edits.messagesPerEdit} messages, `
        + `${edits.conflicts} conflicts), `
        + `load of ${count} CoMaps ${loaded.loadMs.toFixed(0)} ms (${loaded.messages} messages; getCoValue ×${loaded.answers.calls} `
        + `answered from ${loaded.answers.first.toFixed(0)} to ${loaded.answers.last.toFixed(0)} ms), with open ${loaded.totalMs.toFixed(0)} ms`);
    }
  }
  const expected = (count * (count + 1)) / 2;
  console.log(`\nchecksums (expected ${expected}): before ${seen.before.checksum}, after ${seen.after.checksum}`);
  console.log(`${rounds} rounds, medians: | metric | before | after | before/after |`);
  for (const [metric, label] of [["edit", `edit until stored (median of ${editsPerRound})`], ["load", `load ${count} CoMaps`],
    ["total", "storage open + account + load"]]) {
    const b = median(samples.before[metric]);
    const a = median(samples.after[metric]);
    console.log(`| ${label} | ${b.toFixed(2)} ms | ${a.toFixed(2)} ms | ${(b / a).toFixed(2)}x |`);
  }
  console.log(`messages per edit: before ${seen.before.messagesPerEdit}, after ${seen.after.messagesPerEdit}; `
    + `messages of the load: before ${seen.before.loadMessages}, after ${seen.after.loadMessages}`);
  console.log(`load average (1, 5, 15 min): at start ${loadBefore.map((l) => l.toFixed(1)).join(", ")}; `
    + `at end ${loadavg().map((l) => l.toFixed(1)).join(", ")}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (seen.before.checksum !== expected || seen.after.checksum !== expected) process.exitCode = 1;
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}
