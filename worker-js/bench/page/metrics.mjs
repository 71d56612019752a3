// What the report shows, derived from the app's raw results: the metrics of each scenario, the
// start-up timeline of each reload, medians and the IDB/ours ratios.

/** The measured steps, as rows of the report. `better` is "lower" for all of them. */
export const METRICS = [
  { scenario: "P1", key: "storageReady", label: "small app: reload → storage ready", unit: "ms" },
  { scenario: "P1", key: "accountLoaded", label: "small app: reload → account loaded", unit: "ms" },
  { scenario: "P1", key: "content", label: "small app: reload → CoMap content", unit: "ms" },
  { scenario: "P2", key: "storageReady", label: "10k-edit CoMap: reload → storage ready", unit: "ms" },
  { scenario: "P2", key: "firstContent", label: "10k-edit CoMap: reload → first content", unit: "ms" },
  { scenario: "P2", key: "content", label: "10k-edit CoMap: reload → every transaction", unit: "ms" },
  { scenario: "P3", key: "storageReady", label: "1,000 CoMaps: reload → storage ready", unit: "ms" },
  { scenario: "P3", key: "listShown", label: "1,000 CoMaps: reload → list shown (its first chunk)", unit: "ms" },
  { scenario: "P3", key: "listComplete", label: "1,000 CoMaps: reload → every list entry", unit: "ms" },
  { scenario: "P3", key: "content", label: "1,000 CoMaps: reload → all loaded", unit: "ms" },
  { scenario: "P4", key: "edit", label: "edit until stored (median of the sequential edits)", unit: "ms" },
  { scenario: "P4", key: "burst", label: "burst of edits until stored", unit: "ms" },
  { scenario: "P5", key: "ingestP2", label: "ingest the 10k-edit CoMap until stored", unit: "ms" },
  { scenario: "P5", key: "ingestP3", label: "ingest the 1,000 CoMaps until stored", unit: "ms" },
  { scenario: "P6", key: "P2/ingested", label: "bytes, 10k-edit CoMap, after ingest", unit: "MiB" },
  { scenario: "P6", key: "P2/reloaded", label: "bytes, 10k-edit CoMap, after the reloads", unit: "MiB" },
  { scenario: "P6", key: "P3/ingested", label: "bytes, 1,000 CoMaps, after ingest", unit: "MiB" },
  { scenario: "P6", key: "P3/reloaded", label: "bytes, 1,000 CoMaps, after the reloads", unit: "MiB" },
];

/** The start-up timeline of a reload, in ms since navigation start, in the order a user waits. */
export const TIMELINE = [
  { key: "htmlReceived", label: "HTML received" },
  { key: "appFetched", label: "app bundle fetched" },
  { key: "appEvaluated", label: "app bundle evaluated" },
  { key: "storageRequested", label: "storage requested" },
  { key: "workerCreated", label: "worker created (new Worker returned)" },
  { key: "startup.workerCreated", label: "worker created (stats().startup)" },
  { key: "workerScriptFetched", label: "worker script fetched (resource timing)" },
  { key: "workerStarted", label: "worker global scope started (its timeOrigin; Chromium)" },
  { key: "startup.scriptRunning", label: "worker script running (stats().startup)" },
  { key: "startup.lockGranted", label: "lock granted (stats().startup)" },
  { key: "engineRequested", label: "engine loader requested (seen by the server or the worker)" },
  { key: "wasmRequested", label: "engine .wasm requested" },
  { key: "wasmFetched", label: "engine .wasm fetched (worker resource timing; Chromium)" },
  { key: "startup.engineReady", label: "engine ready (stats().startup)" },
  { key: "startup.handleOpened", label: "OPFS handle opened (stats().startup)" },
  { key: "startup.storeOpened", label: "store opened (stats().startup)" },
  { key: "startup.firstAnswer", label: "first answer (stats().startup)" },
  { key: "firstAnswer", label: "first message from the worker (seen by the page; the answer to the open where the worker sends nothing before)" },
  { key: "storageReady", label: "storage ready (getOpfsStorage / getIndexedDBStorage resolved)" },
  { key: "cryptoReady", label: "cojson crypto ready (WasmCrypto.create)" },
  { key: "accountLoaded", label: "account loaded" },
  { key: "content", label: "content available" },
];

export function median(xs) {
  const s = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((p, q) => p - q);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** IDB / ours: > 1 means ours is faster (or smaller). */
export function ratio(idb, ours) {
  return idb === null || ours === null || idb === undefined || ours === undefined || ours === 0 ? null : idb / ours;
}

const ENGINE_LOADER = /(wasm-runtime\.js|\/js\/cojson-storage-opfs\.js)$/;
const ENGINE_WASM = /\.wasm$/;

/** The timeline of one load result (ms since its navigation start); absent steps are left out. */
export function timelineOf(r) {
  const t = {};
  const set = (key, value) => {
    if (typeof value === "number" && Number.isFinite(value)) t[key] = value;
  };
  set("htmlReceived", r.navigation?.responseEnd);
  const app = r.resources?.find((x) => x.initiatorType === "script" && /\/assets\/index-.*\.js$/.test(x.name));
  set("appFetched", app?.responseEnd);
  for (const k of ["appEvaluated", "storageRequested", "storageReady", "cryptoReady", "accountLoaded", "content"]) set(k, r.marks?.[k]);
  const worker = r.facts?.workers?.[0];
  set("workerCreated", worker?.created);
  set("firstAnswer", worker?.firstMessage);
  if (worker) {
    const script = r.resources?.find((x) => x.name === new URL(worker.url, "http://x").pathname);
    set("workerScriptFetched", script?.responseEnd);
  }
  if (r.worker) {
    const offset = r.worker.timeOrigin - r.timeOrigin;
    set("workerStarted", offset);
    const loader = r.worker.resources.find((x) => ENGINE_LOADER.test(x.name));
    const wasm = r.worker.resources.find((x) => ENGINE_WASM.test(x.name));
    set("engineRequested", loader && loader.startTime + offset);
    set("wasmRequested", wasm && wasm.startTime + offset);
    set("wasmFetched", wasm && wasm.responseEnd + offset);
  } else {
    // Seen by the server (a file the browser revalidated or fetched; nothing for a cache hit).
    set("engineRequested", r.requests?.find((q) => ENGINE_LOADER.test(q.path))?.at);
    set("wasmRequested", r.requests?.find((q) => ENGINE_WASM.test(q.path))?.at);
  }
  const startup = r.facts?.stats?.startup;
  if (startup && typeof startup === "object") {
    for (const [k, v] of Object.entries(startup)) set(`startup.${k}`, v);
  }
  return t;
}

/** Medians of each timeline step over a list of load results. */
export function timelineMedians(results) {
  const timelines = results.map(timelineOf);
  const keys = new Set(timelines.flatMap((t) => Object.keys(t)));
  return Object.fromEntries([...keys].map((k) => [k, median(timelines.map((t) => t[k]))]));
}

export const MiB = 1024 * 1024;
