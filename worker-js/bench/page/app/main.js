// The app: cojson on the main thread with one storage (bench:storage is IndexedDB or
// cojson-storage-opfs, chosen by the build; nothing else differs), an account remembered in
// localStorage as a Jazz app remembers it, no sync server. Every page load does one step, named
// in the URL (?scenario=P1&step=load), and resolves window.benchResult with its marks, in ms since
// the navigation started (performance.now()), and the checksum of what it saw.
//   step=seed   create the account and the scenario's data until stored (P5 times this)
//   step=load   load the account and the data (P1–P3, after a reload)
//   step=edits  load, then edits each awaited until stored, then a burst (P4)
// &size=quick shrinks the data; &bytes=1 adds navigator.storage.estimate() at the end.

// First, as the package's README asks of an app: its preload, where the package has one (the
// OPFS build; nothing in the IndexedDB build).
import "bench:preload";
import { LocalNode } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import * as storageUnderTest from "bench:storage";
import { SIZES, checksum, edits, load, seed } from "./scenarios.js";

// The first statement after every import has been evaluated: the bundle is evaluated.
const marks = { appEvaluated: performance.now() };
const mark = (name) => {
  marks[name] = performance.now();
};

async function run() {
  const params = new URLSearchParams(location.search);
  const scenario = params.get("scenario");
  const step = params.get("step");
  const sizes = SIZES[params.get("size") ?? "full"];
  if (!sizes) throw new Error(`unknown size ${params.get("size")}`);
  const savedKey = `bench:${scenario}`;
  const saved = JSON.parse(localStorage.getItem(savedKey) ?? "null");
  if (step !== "seed" && saved === null) throw new Error(`no ${scenario} data in this origin: run step=seed first`);

  // Storage first, crypto beside it: both start as early as the app can start them.
  mark("storageRequested");
  const [storage, crypto] = await Promise.all([
    storageUnderTest.openStorage().then((s) => {
      mark("storageReady");
      return s;
    }),
    WasmCrypto.create().then((c) => {
      mark("cryptoReady");
      return c;
    }),
  ]);

  const result = { storage: storageUnderTest.kind, scenario, step };
  let content;
  let rootId = saved?.rootId;
  if (step === "seed") {
    const created = await LocalNode.withNewlyCreatedAccount({ creationProps: { name: "Bench" }, peers: [], crypto, storage });
    mark("accountLoaded");
    const seeded = await seed(scenario, created.node, sizes);
    mark("stored");
    rootId = seeded.rootId;
    result.ingestMs = marks.stored - marks.accountLoaded;
    localStorage.setItem(savedKey, JSON.stringify({
      accountID: created.accountID, accountSecret: created.accountSecret, sessionID: created.sessionID, rootId: seeded.rootId,
    }));
    content = { profile: "Bench", ...seeded.content };
  } else {
    // The session is reused across reloads, as jazz-tools' browser session provider does.
    const node = await LocalNode.withLoadedAccount({
      accountID: saved.accountID, accountSecret: saved.accountSecret, sessionID: saved.sessionID, peers: [], crypto, storage,
    });
    mark("accountLoaded");
    const profile = await node.load((await node.load(saved.accountID)).get("profile"));
    if (step === "load") {
      content = { profile: profile.get("name"), ...await load(scenario, node, saved.rootId, sizes, mark) };
    } else if (step === "edits") {
      const done = await edits(node, saved.rootId, sizes);
      mark("edited");
      result.perEdit = done.perEdit;
      result.burstMs = done.burstMs;
      content = { profile: profile.get("name"), ...done.content };
    } else {
      throw new Error(`unknown step ${step}`);
    }
  }
  result.marks = { ...marks };
  result.checksum = await checksum(content);
  // Asked after the measured steps, so they cost the measurement nothing.
  if (params.get("bytes") === "1") result.estimate = await estimate();
  result.facts = await storageUnderTest.facts(storage);
  result.layout = await layout(storage.dbClient, rootId);
  result.navigation = navigationTiming();
  result.resources = performance.getEntriesByType("resource").map((r) => ({
    name: new URL(r.name).pathname, initiatorType: r.initiatorType, startTime: r.startTime, responseEnd: r.responseEnd,
    transferSize: r.transferSize, encodedBodySize: r.encodedBodySize,
  }));
  result.visibility = document.visibilityState;
  result.timeOrigin = performance.timeOrigin;
  return result;
}

/**
 * How the storage holds the scenario's root CoValue, through cojson's own DB-client calls:
 * sessions, transactions, and the signatures after which a load streams in chunks. cojson
 * decides these writes, so both storages should agree.
 */
async function layout(dbClient, id) {
  const row = await dbClient.getCoValue(id);
  if (!row) return { missing: true };
  const sessions = await dbClient.getCoValueSessions(row.rowID);
  const signatures = await Promise.all(sessions.map((s) => dbClient.getSignatures(s.rowID, 0)));
  return {
    sessions: sessions.length,
    transactions: sessions.reduce((sum, s) => sum + s.lastIdx, 0),
    signatures: signatures.reduce((sum, list) => sum + list.length, 0),
  };
}

async function estimate() {
  const { usage, quota, usageDetails } = await navigator.storage.estimate();
  return { usage, quota, usageDetails };
}

function navigationTiming() {
  const [n] = performance.getEntriesByType("navigation");
  return n && {
    type: n.type, responseEnd: n.responseEnd, domInteractive: n.domInteractive,
    domContentLoadedEventEnd: n.domContentLoadedEventEnd, loadEventEnd: n.loadEventEnd,
  };
}

const status = document.getElementById("status");
run().then((result) => {
  status.textContent = `done: ${result.scenario} ${result.step} ${result.checksum}`;
  window.benchFinish({ ok: true, ...result });
}, (error) => {
  status.textContent = `failed: ${error?.message ?? error}`;
  window.benchFinish({ ok: false, error: String(error?.stack ?? error) });
});
