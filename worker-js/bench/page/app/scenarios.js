// What each scenario writes (seed: the ingest of P5) and reads back after a reload (P1–P3), and
// the checksum of what the app sees, which must be equal for both storages. Every value is
// derived from its index, so both storages hold the same logical data; ids, keys and signatures
// differ between runs and are left out of the checksum.

export const SIZES = {
  full: { keys: 20, edits: 10_000, items: 1_000, sequentialEdits: 300, burst: 1_000 },
  quick: { keys: 20, edits: 1_000, items: 100, sequentialEdits: 50, burst: 100 },
};

const value = (i) => `value ${i} of the small app`;

/**
 * Writes the scenario's data through cojson until storage has it; resolves with the id a reload
 * starts from and what the checksum of a later load must match.
 */
export async function seed(scenario, node, sizes) {
  const group = node.createGroup();
  if (scenario === "P1" || scenario === "P4") {
    const map = group.createMap();
    for (let i = 0; i < sizes.keys; i++) map.set(`key${String(i).padStart(2, "0")}`, value(i));
    await node.syncManager.waitForStorageSync(map.id);
    return { rootId: map.id, content: { map: map.toJSON() } };
  }
  if (scenario === "P2") {
    // One cojson transaction per edit, as an app that edits a document key by key.
    const map = group.createMap();
    for (let i = 0; i < sizes.edits; i++) map.set(`k${i % 100}`, i);
    await node.syncManager.waitForStorageSync(map.id);
    return { rootId: map.id, content: { map: map.toJSON(), transactions: transactionCount(map) } };
  }
  if (scenario === "P3") {
    const list = group.createList();
    const ids = [];
    for (let i = 0; i < sizes.items; i++) {
      const item = group.createMap({ title: `item ${i}`, done: i % 3 === 0, n: i });
      ids.push(item.id);
      list.append(item.id);
    }
    await Promise.all([list.id, ...ids].map((id) => node.syncManager.waitForStorageSync(id)));
    return { rootId: list.id, content: { items: ids.map((id) => node.getLoaded(id).toJSON()) } };
  }
  throw new Error(`unknown scenario ${scenario}`);
}

/**
 * Loads the scenario's data after a reload, marking the steps the user would see; resolves with
 * what the checksum covers.
 */
export async function load(scenario, node, rootId, sizes, mark) {
  if (scenario === "P1" || scenario === "P4") {
    const map = await node.load(rootId);
    if (map === "unavailable") throw new Error(`the app's CoMap ${rootId} is unavailable`);
    mark("content");
    return { map: map.toJSON() };
  }
  if (scenario === "P2") {
    const first = await node.load(rootId);
    if (first === "unavailable") throw new Error(`the CoMap ${rootId} is unavailable`);
    mark("firstContent");
    // node.load resolves with the first chunk of a large CoValue; the rest streams in.
    await first.core.waitForFullStreaming();
    mark("content");
    const map = first.core.getCurrentContent();
    const transactions = transactionCount(map);
    if (transactions !== sizes.edits) throw new Error(`the CoMap holds ${transactions} transactions, not ${sizes.edits}`);
    return { map: map.toJSON(), transactions };
  }
  if (scenario === "P3") {
    const first = await node.load(rootId);
    if (first === "unavailable") throw new Error(`the CoList ${rootId} is unavailable`);
    // What a UI renders first: the list as far as it has streamed in (its first chunk).
    mark("listShown");
    await first.core.waitForFullStreaming();
    const ids = first.core.getCurrentContent().asArray();
    mark("listComplete");
    if (ids.length !== sizes.items) throw new Error(`the CoList holds ${ids.length} items, not ${sizes.items}`);
    const items = await Promise.all(ids.map((id) => node.load(id)));
    mark("content");
    const missing = items.filter((item) => item === "unavailable").length;
    if (missing > 0) throw new Error(`${missing} of ${ids.length} list items are unavailable`);
    return { items: items.map((item) => item.toJSON()) };
  }
  throw new Error(`unknown scenario ${scenario}`);
}

/** P4: `count` edits one after another, each awaited until storage has it; then a burst. */
export async function edits(node, rootId, sizes) {
  const first = await node.load(rootId);
  if (first === "unavailable") throw new Error(`the app's CoMap ${rootId} is unavailable`);
  // The session is reused across reloads and this map grows by every run's edits, so it streams
  // in: an edit made before the rest of its own session has arrived would fork the session
  // (cojson then finds a bad signature on the next load).
  await first.core.waitForFullStreaming();
  const map = first.core.getCurrentContent();
  const perEdit = [];
  for (let i = 0; i < sizes.sequentialEdits; i++) {
    const t0 = performance.now();
    map.set("edited", i);
    await node.syncManager.waitForStorageSync(map.id);
    perEdit.push(performance.now() - t0);
  }
  const t0 = performance.now();
  for (let i = 0; i < sizes.burst; i++) map.set("burst", i);
  await node.syncManager.waitForStorageSync(map.id);
  const burstMs = performance.now() - t0;
  return { perEdit, burstMs, content: { map: map.toJSON() } };
}

function transactionCount(map) {
  return Object.values(map.core.knownState().sessions).reduce((sum, n) => sum + n, 0);
}

/** SHA-256 of the canonical JSON of `content`, 16 hex digits. */
export async function checksum(content) {
  const bytes = new TextEncoder().encode(canonical(content));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}
