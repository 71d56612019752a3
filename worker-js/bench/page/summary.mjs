// From the raw results of a run to what the report shows, and the checksum comparison that fails
// the run when two storages (or two runs of one) gave the app different data.

import { METRICS, MiB, median, timelineMedians, timelineOf } from "./metrics.mjs";

/**
 * Groups every checksum by the data it covers, across storages, repetitions and browsers:
 * every group must hold one value. Returns { errors: [text], checked: { group: { sum: count } } }.
 */
export function checkChecksums(result) {
  const groups = {};
  const add = (group, r, where) => {
    if (!r?.checksum) return;
    groups[group] ??= new Map();
    const list = groups[group].get(r.checksum) ?? [];
    list.push(where);
    groups[group].set(r.checksum, list);
  };
  for (const [browser, b] of Object.entries(result.browsers)) {
    for (const [scenario, entry] of Object.entries(b.scenarios)) {
      if (scenario === "P5") {
        for (const [data, byVariant] of Object.entries(entry.ingests ?? {})) {
          for (const [id, rs] of Object.entries(byVariant)) rs.forEach((r, i) => add(data, r, `${browser} ${id} P5 ingest ${i}`));
        }
        continue;
      }
      // P4 starts from the small app's data, then edits it.
      const seedGroup = scenario === "P4" ? "P1" : scenario;
      const loadGroup = scenario === "P4" ? "P4 edits" : scenario;
      for (const [id, r] of Object.entries(entry.seed ?? {})) add(seedGroup, r, `${browser} ${id} ${scenario} seed`);
      for (const [id, r] of Object.entries(entry.warmup ?? {})) add(loadGroup, r, `${browser} ${id} ${scenario} warm-up`);
      for (const [id, rs] of Object.entries(entry.loads ?? {})) rs.forEach((r, i) => add(loadGroup, r, `${browser} ${id} ${scenario} reload ${i + 1}`));
    }
  }
  const errors = [];
  const checked = {};
  for (const [group, sums] of Object.entries(groups)) {
    checked[group] = Object.fromEntries([...sums].map(([sum, where]) => [sum, where.length]));
    if (sums.size > 1) {
      errors.push(`CHECKSUM MISMATCH in ${group}: the app saw different data: `
        + [...sums].map(([sum, where]) => `${sum} in ${where.slice(0, 4).join(", ")}${where.length > 4 ? ` and ${where.length - 4} more` : ""}`).join("; "));
    }
  }
  return { errors, checked };
}

const lastOf = (xs) => (xs && xs.length > 0 ? xs[xs.length - 1] : undefined);

/** Per browser and storage: the metric medians, the timeline medians and the bytes. */
export function summarize(result) {
  const out = {};
  for (const [browser, b] of Object.entries(result.browsers)) {
    const perVariant = {};
    for (const v of result.variants) {
      const metrics = {};
      const samples = {};
      const timeline = {};
      const bytes = {};
      for (const m of METRICS) {
        const key = `${m.scenario}/${m.key}`;
        let xs = [];
        if (["P1", "P2", "P3"].includes(m.scenario)) {
          xs = (b.scenarios[m.scenario]?.loads?.[v.id] ?? []).map((r) => r.marks?.[m.key]);
        } else if (m.scenario === "P4") {
          const loads = b.scenarios.P4?.loads?.[v.id] ?? [];
          xs = loads.map((r) => (m.key === "edit" ? median(r.perEdit ?? []) : r.burstMs));
        } else if (m.scenario === "P5") {
          const data = m.key === "ingestP2" ? "P2" : "P3";
          xs = (b.scenarios.P5?.ingests?.[data]?.[v.id] ?? []).filter((r) => !r.warmup).map((r) => r.ingestMs);
        } else if (m.scenario === "P6") {
          const [data, when] = m.key.split("/");
          const entry = b.scenarios[data];
          const r = when === "ingested" ? entry?.seed?.[v.id] : lastOf(entry?.loads?.[v.id]);
          // Firefox: the origin's folder (its estimate() counts the whole site); else estimate().
          const used = r?.disk?.bytes ?? r?.estimate?.usage;
          xs = [used === undefined ? undefined : used / MiB];
        }
        samples[key] = xs.map((x) => (typeof x === "number" ? Number(x.toFixed(3)) : null));
        metrics[key] = median(xs);
      }
      const lockHeldAtOpen = {};
      for (const s of ["P1", "P2", "P3"]) {
        const loads = b.scenarios[s]?.loads?.[v.id];
        if (!loads?.length) continue;
        timeline[s] = timelineMedians(loads);
        const looked = loads.filter((r) => r.facts?.locksAtOpen);
        if (looked.length > 0) lockHeldAtOpen[s] = { held: looked.filter((r) => r.facts.locksAtOpen.held.length > 0).length, of: looked.length };
      }
      for (const data of ["P2", "P3"]) {
        const entry = b.scenarios[data];
        for (const [when, r] of [["ingested", entry?.seed?.[v.id]], ["reloaded", lastOf(entry?.loads?.[v.id])]]) {
          if (!r) continue;
          bytes[`${data}/${when}`] = {
            usage: r.estimate?.usage, usageDetails: r.estimate?.usageDetails, disk: r.disk,
            fileBytes: r.facts?.stats?.fileBytes, opfsFiles: r.facts?.opfsFiles,
            logBytes: r.facts?.stats?.logBytes, freePages: r.facts?.stats?.freePages, pageCount: r.facts?.stats?.pageCount,
          };
        }
      }
      const layout = {};
      for (const s of ["P1", "P2", "P3", "P4"]) {
        const r = lastOf(b.scenarios[s]?.loads?.[v.id]);
        if (r?.layout) layout[s] = r.layout;
      }
      perVariant[v.id] = { metrics, samples, timeline, lockHeldAtOpen, bytes, layout };
    }
    out[browser] = perVariant;
  }
  return out;
}

/**
 * The run as stored (results/page-latest.json): every page load keeps its marks, facts, layout
 * and its derived timeline; the raw resource and request lists it came from are dropped (they
 * made the file ~0.6 MB).
 */
export function slim(result) {
  const each = (r) => {
    if (!r || typeof r !== "object") return;
    r.timeline = timelineOf(r);
    delete r.resources;
    delete r.requests;
    delete r.worker;
  };
  for (const b of Object.values(result.browsers)) {
    for (const entry of Object.values(b.scenarios)) {
      for (const group of [entry.seed, entry.warmup]) Object.values(group ?? {}).forEach(each);
      Object.values(entry.loads ?? {}).forEach((rs) => rs.forEach(each));
      Object.values(entry.ingests ?? {}).forEach((byVariant) => Object.values(byVariant).forEach((rs) => rs.forEach(each)));
    }
  }
  return result;
}
