// The HTML report of one bench run: a table of ratios and one bar chart per metric, drawn as
// inline SVG (no script, no network resource), so that the same Chromium renders it to a PNG.

const COLORS = {
  "raw-opfs": "#57606a",
  "opfs-wasm": "#1f6feb", "opfs-js": "#58a6ff", "opfs-wasm-relaxed": "#8957e5", memory: "#a5d6ff",
  sqlite: "#d29922", "sqlite-tuned": "#bf8700", indexeddb: "#cf222e",
};
const LABELS = {
  "raw-opfs": "raw OPFS append + flush",
  "opfs-wasm": "this store, OPFS, Wasm GC", "opfs-js": "this store, OPFS, JS build",
  "opfs-wasm-relaxed": "this store, OPFS, Wasm GC, relaxed", memory: "this store, in memory",
  sqlite: "SQLite opfs-sahpool", "sqlite-tuned": "SQLite opfs-sahpool tuned", indexeddb: "IndexedDB (cojson-storage-indexeddb)",
};
const RIVALS = ["sqlite", "sqlite-tuned", "indexeddb"];

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const num = (x) => (x === null || x === undefined ? "n/a" : x >= 1000 ? Math.round(x).toLocaleString("en-US") : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function ratio(metric, ours, other) {
  if (!ours || !other) return null;
  return metric.better === "higher" ? ours / other : other / ours;
}

function chart(entry, metric) {
  const rows = Object.entries(entry.peers).filter(([, r]) => !r.error && r.medians[metric.key] !== null);
  if (rows.length === 0) return "";
  const max = Math.max(...rows.map(([, r]) => r.medians[metric.key]));
  const bar = 18;
  const left = 215;
  const width = 230;
  const h = rows.length * (bar + 6) + 28;
  const bars = rows.map(([peer, r], i) => {
    const v = r.medians[metric.key];
    const w = Math.max(1, (v / max) * width);
    const y = 22 + i * (bar + 6);
    return `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(LABELS[peer] ?? peer)}</text>`
      + `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${COLORS[peer] ?? "#888"}"/>`
      + `<text x="${left + w + 6}" y="${y + 15}">${num(v)}</text>`;
  }).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 70}" height="${h}" font-family="sans-serif" font-size="12">`
    + `<text x="0" y="14" font-weight="bold">${esc(entry.id)} ${esc(metric.label)} (${esc(metric.unit)}, ${metric.better} is better)</text>`
    + `${bars}</svg>`;
}

function ratioTable(result) {
  const head = `<tr><th>workload</th><th>metric</th><th>this store (Wasm GC)</th>${RIVALS.map((r) => `<th>vs ${esc(LABELS[r])}</th>`).join("")}</tr>`;
  const rows = [];
  for (const entry of result.workloads) {
    const ours = entry.peers["opfs-wasm"];
    for (const m of entry.metrics) {
      if (m.noRatio || !ours || ours.error) continue;
      const cells = RIVALS.map((rv) => {
        const r = entry.peers[rv];
        const x = r && !r.error ? ratio(m, ours.medians[m.key], r.medians[m.key]) : null;
        return `<td class="${x === null ? "" : x >= 1 ? "win" : "loss"}">${x === null ? "n/a" : `${x.toFixed(2)}x`}</td>`;
      }).join("");
      rows.push(`<tr><td>${esc(entry.id)}</td><td>${esc(m.label)}</td><td>${num(ours.medians[m.key])} ${esc(m.unit)}</td>${cells}</tr>`);
    }
  }
  return `<table>${head}${rows.join("")}</table>`;
}

export function report(result) {
  const p = result.probe;
  const charts = result.workloads.map((e) => `<section><h3>${esc(e.id)}: ${esc(e.title)}${e.checksumMismatch ? " <b class=loss>CHECKSUM MISMATCH</b>" : ""}</h3>`
    + e.metrics.map((m) => chart(e, m)).join("") + "</section>").join("");
  const s = result.startup;
  const startup = s ? `<p>W11 import + instantiate + first open in a fresh worker (median ms): ${Object.entries(s).map(([k, v]) => `${esc(LABELS[k] ?? k)} ${num(v.median)}`).join("; ")}</p>` : "";
  return `<!doctype html><html><head><meta charset="utf-8"><title>cojson-storage-opfs bench</title><style>
body{font-family:sans-serif;margin:20px;max-width:1060px;color:#1f2328}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:right}
th{background:#f6f8fa}.win{color:#1a7f37;font-weight:bold}.loss{color:#cf222e;font-weight:bold}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:0 16px}section{margin:8px 0}h3{font-size:14px;margin:10px 0 2px}p{font-size:13px}</style></head><body>
<h2>cojson-storage-opfs: side-by-side browser benchmark</h2>
<p>${esc(result.date)} &middot; ${esc(result.browser ?? "")} &middot; ${result.machine.cores} cores, ${esc(result.machine.os)} &middot; commit ${esc(result.commit)}${result.dirty ? " (dirty)" : ""}
&middot; medians of ${result.runs} runs after a warm-up${result.quick ? " &middot; QUICK sizes" : ""}</p>
<p>Ratios: how many times faster this store (OPFS, Wasm GC build) is than each peer, in the same run (&gt; 1: faster).</p>
${ratioTable(result)}
<p>Raw OPFS sync access handle (the physical limit): write call ${num(p.writeCallUs)} &micro;s, 4 KiB writes ${num(p.write4kMBps)} MB/s,
64 KiB writes ${num(p.write64kMBps)} MB/s, read call ${num(p.readCallUs)} &micro;s, small append + flush ${num(p.appendFlushPerSec)}/s.</p>
${startup}
${result.w2Split ? `<p>W2/1 inside this store (engine called directly, median ms): OPFS handle ${num(result.w2Split.handleMs)}, open ${num(result.w2Split.openMs)},
engine calls ${num(result.w2Split.engineMs)}, JSON.parse ${num(result.w2Split.parseMs)} (${result.w2Split.transactions} transactions).</p>` : ""}
<div class="charts">${charts}</div>
</body></html>`;
}

/** The ratio table as Markdown, for the README: this store (Wasm GC) against each rival, medians. */
export function markdown(result) {
  const lines = [
    `| workload | metric | this store (OPFS, Wasm GC) | ${RIVALS.map((r) => `vs ${LABELS[r]}`).join(" | ")} |`,
    `| --- | --- | --- | ${RIVALS.map(() => "---").join(" | ")} |`,
  ];
  for (const entry of result.workloads) {
    const ours = entry.peers["opfs-wasm"];
    for (const m of entry.metrics) {
      if (m.noRatio || !ours || ours.error) continue;
      const cells = RIVALS.map((rv) => {
        const r = entry.peers[rv];
        const x = r && !r.error ? ratio(m, ours.medians[m.key], r.medians[m.key]) : null;
        return x === null ? "n/a" : `${x.toFixed(2)}x`;
      });
      lines.push(`| ${entry.id} | ${m.label} | ${num(ours.medians[m.key])} ${m.unit} | ${cells.join(" | ")} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}
