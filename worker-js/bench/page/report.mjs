// The Markdown of a run: results/page-latest.md, and the results section of docs/page-bench.md
// (between its two markers; the prose around them is kept).

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { METRICS, MiB, TIMELINE, ratio } from "./metrics.mjs";

const START = "<!-- page-bench results: start (written by worker-js/bench/page/run.mjs) -->";
const END = "<!-- page-bench results: end -->";

const num = (x, unit) => {
  if (x === null || x === undefined || !Number.isFinite(x)) return "n/a";
  if (unit === "MiB") return `${x.toFixed(2)} MiB`;
  const s = x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
  return unit ? `${Number(s).toLocaleString("en-US", { maximumFractionDigits: 2 })} ${unit}` : s;
};
const times = (x) => (x === null || x === undefined ? "n/a" : `${x.toFixed(2)}x`);

export function markdown(result) {
  const ours = result.variants.filter((v) => v.kind === "opfs");
  const lines = [];
  const h = result.harness ? `harness ${result.harness.commit}${result.harness.dirty ? " (uncommitted changes)" : ""}` : "";
  lines.push(`Run of ${result.date.slice(0, 16).replace("T", " ")} UTC, ${h}; ${result.quick ? "**quick sizes** (not comparable with full runs)" : "full sizes"}; `
    + `medians of ${result.runs} reloads per storage after a warm-up, the storages' tabs reloaded in turn; `
    + `${result.machine.cores} cores (${result.machine.cpu}), load average (1 min) ${result.load.start} at the start, ${result.load.end} at the end; ${result.seconds.toFixed(0)} s.`);
  lines.push("");
  lines.push("Storages, each its own Vite 8 production build of the same app:");
  for (const v of result.variants) {
    const git = v.sourceGit ? ` at ${v.sourceGit.commit}${v.sourceGit.dirty ? " with uncommitted changes" : ""}` : "";
    const files = v.files.filter((f) => f.path.endsWith(".js") || f.path.endsWith(".wasm")).map((f) => `${f.path.replace(/^\/assets\//, "")} ${(f.bytes / 1024).toFixed(0)} KiB`).join(", ");
    lines.push(`- \`${v.id}\`: ${v.title}${git}; bundle: ${files}`);
  }
  const outside = Object.values(result.browsers).flatMap((b) => Object.entries(b.engineFilesOutsideBundle ?? {}).filter(([, paths]) => paths.length > 0));
  if (outside.length > 0) {
    const byId = Object.fromEntries(outside);
    lines.push(`- Engine files the build did not ship (its loader computes their URL at run time), served by the bench's server from the package's dist/: `
      + Object.entries(byId).map(([id, paths]) => `\`${id}\`: ${paths.join(", ")}`).join("; "));
  }
  const sums = Object.entries(result.checksums ?? {}).map(([g, s]) => `${g} ${Object.keys(s).join(" ≠ ")} (${Object.values(s).reduce((a, b) => a + b, 0)} loads)`);
  lines.push(`- Checksums of what the app saw, over both storages, every load and both browsers: ${sums.join("; ")}${result.failed ? "; **the run FAILED**" : ""}.`);

  for (const [browser, b] of Object.entries(result.browsers)) {
    const s = result.summary[browser];
    lines.push("", `### ${b.version ?? browser}`, "");
    lines.push(`Load average ${b.load.start} → ${b.load.end}; ${b.seconds.toFixed(0)} s.${b.errors.length ? ` **Errors:** ${b.errors.join("; ")}` : ""}`);
    lines.push("");
    const head = ["step", "IndexedDB", ...ours.map((v) => v.id), ...ours.map((v) => `IDB / ${v.id}`)];
    lines.push(`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`);
    for (const m of METRICS) {
      const key = `${m.scenario}/${m.key}`;
      const idb = s.indexeddb.metrics[key];
      if (idb === null && ours.every((v) => s[v.id].metrics[key] === null)) continue;
      lines.push(`| ${m.scenario} ${m.label} | ${num(idb, m.unit)} | ${ours.map((v) => num(s[v.id].metrics[key], m.unit)).join(" | ")} | `
        + `${ours.map((v) => times(ratio(idb, s[v.id].metrics[key]))).join(" | ")} |`);
    }
    for (const data of ["P2", "P3"]) {
      for (const when of ["ingested", "reloaded"]) {
        const files = ours.map((v) => s[v.id].bytes[`${data}/${when}`]);
        if (files.every((f) => f?.fileBytes === undefined)) continue;
        // The file's size, and what of it is not live data: free pages (of all pages) and the log.
        const file = (f) => f?.fileBytes === undefined ? num(null, "MiB") : `${num(f.fileBytes / MiB, "MiB")}`
          + (f.freePages === undefined ? "" : `, ${f.freePages} of ${f.pageCount} pages free (${(100 * f.freePages / Math.max(1, f.pageCount)).toFixed(0)}%)`)
          + (f.logBytes === undefined ? "" : `, log ${num(f.logBytes / MiB, "MiB")}`);
        lines.push(`| P6 our file (stats()), ${data === "P2" ? "10k-edit CoMap" : "1,000 CoMaps"}, after ${when === "ingested" ? "ingest" : "the reloads"} | | `
          + `${files.map(file).join(" | ")} | ${ours.map(() => "").join(" | ")} |`);
      }
    }
    const layouts = [];
    for (const p of ["P1", "P2", "P3", "P4"]) {
      const each = result.variants.map((v) => s[v.id].layout?.[p]).filter(Boolean).map((l) => `${l.sessions} sessions, ${l.transactions} transactions, ${l.signatures} signatures`);
      if (each.length === 0) continue;
      const same = new Set(each).size === 1;
      layouts.push(`${p} ${same ? each[0] : `**differs**: ${result.variants.map((v, i) => `${v.id} ${each[i]}`).join(" / ")}`}`);
    }
    if (layouts.length > 0) lines.push("", `The root CoValue as each storage holds it after the last reload (cojson decides these writes, so the storages should agree): ${layouts.join("; ")}.`);
    const details = [];
    for (const v of result.variants) {
      for (const [k, bytes] of Object.entries(s[v.id].bytes)) {
        if (bytes.usageDetails) details.push(`${v.id} ${k}: ${Object.entries(bytes.usageDetails).map(([n, x]) => `${n} ${num(x / MiB, "MiB")}`).join(", ")}`);
      }
    }
    if (details.length > 0) lines.push("", `P6 bytes are estimate().usage of the scenario's origin; its usageDetails: ${details.join("; ")}.`);
    const disks = [];
    for (const v of result.variants) {
      for (const [k, bytes] of Object.entries(s[v.id].bytes)) {
        if (bytes.disk) disks.push(`${v.id} ${k}: ${Object.entries(bytes.disk.byKind).map(([n, x]) => `${n} ${num(x / MiB, "MiB")}`).join(", ")}`);
      }
    }
    if (disks.length > 0) {
      lines.push("", `P6 bytes are the scenario origin's folder in the profile (Firefox's estimate() counts every port of 127.0.0.1 together), by subfolder: ${disks.join("; ")}.`);
    }

    const scenarios = ["P1", "P2", "P3"].filter((p) => result.variants.some((v) => s[v.id].timeline[p]));
    if (scenarios.length === 0) continue;
    lines.push("", `Start-up timeline of a reload (medians, ms since navigation start; a step a storage does not have is blank):`, "");
    const cols = scenarios.flatMap((p) => result.variants.map((v) => ({ p, v })));
    lines.push(`| step | ${cols.map(({ p, v }) => `${p} ${v.id}`).join(" | ")} |`, `| --- | ${cols.map(() => "---").join(" | ")} |`);
    for (const t of TIMELINE) {
      const values = cols.map(({ p, v }) => s[v.id].timeline[p]?.[t.key]);
      if (values.every((x) => x === undefined || x === null)) continue;
      lines.push(`| ${t.label} | ${values.map((x) => (x === undefined || x === null ? "" : num(x))).join(" | ")} |`);
    }
    const locks = cols.map(({ p, v }) => s[v.id].lockHeldAtOpen?.[p]);
    if (locks.some((l) => l)) {
      lines.push(`| the previous page's worker still held the store's lock when the app asked for storage | ${locks.map((l) => (l ? `${l.held} of ${l.of} reloads` : "")).join(" | ")} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Puts `md` between the markers of `file` (created with just the markers if missing). */
export function writeDoc(file, md) {
  const text = existsSync(file) ? readFileSync(file, "utf8") : `# Page-level benchmark\n\n${START}\n${END}\n`;
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file} lacks the markers ${START} … ${END}`);
  writeFileSync(file, `${text.slice(0, a + START.length)}\n${md}${text.slice(b)}`);
}
