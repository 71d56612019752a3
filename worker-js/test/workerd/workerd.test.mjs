// The package's /memory entry under workerd, the Cloudflare Workers runtime: a Worker (src/worker.js,
// bundled by build.mjs with cojson) writes CoMaps through a cojson LocalNode into our store and
// reads them back through another LocalNode. Run: node build.mjs && node --test workerd.test.mjs

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startWorkerd } from "./workerd.js";

const bundleDir = process.env.WORKERD_BUNDLE_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "../../target/workerd");

const EDITS = [
  ["title", "draft"],
  ["count", 1],
  ["title", "final ✓ 鍵 😀"],
  ["count", 3],
  ["tags", ["a", "b"]],
  ["nested", { x: null, y: [1.5, true] }],
];
const FIELDS = { title: "final ✓ 鍵 😀", count: 3, tags: ["a", "b"], nested: { x: null, y: [1.5, true] } };

async function call(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const type = response.headers.get("content-type") ?? "";
  const value = type.startsWith("application/json") ? await response.json() : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, value };
}

describe("the /memory entry in workerd", () => {
  let workerd;

  before(async () => {
    workerd = await startWorkerd(bundleDir);
  });

  after(async () => {
    await workerd?.stop();
  });

  test("the store runs the JS build, since Workers forbid the Wasm GC runtime", async () => {
    const { status, value } = await call(workerd.url, "GET", "/stats");
    assert.equal(status, 200, JSON.stringify(value));
    assert.equal(value.engine, "js");
  });

  test("a CoMap created through one LocalNode is read back by a new LocalNode from the store alone", async () => {
    const created = await call(workerd.url, "POST", "/comaps", { edits: EDITS });
    assert.equal(created.status, 200, JSON.stringify(created.value));
    assert.match(created.value.id, /^co_z[A-Za-z0-9]+$/);

    const read = await call(workerd.url, "GET", `/comaps/${created.value.id}`);
    assert.deepEqual(read, { status: 200, value: { id: created.value.id, fields: FIELDS } });
  });

  test("a CoMap written through the async client is read back through the sync client, and the other way round", async () => {
    for (const [writer, reader] of [["async", "sync"], ["sync", "async"]]) {
      const created = await call(workerd.url, "POST", `/comaps?client=${writer}`, { edits: EDITS });
      assert.equal(created.status, 200, JSON.stringify(created.value));
      assert.deepEqual(await call(workerd.url, "GET", `/comaps/${created.value.id}?client=${reader}`),
          { status: 200, value: { id: created.value.id, fields: FIELDS } }, `written by ${writer}, read by ${reader}`);
    }
  });

  test("each of several CoMaps in one store keeps its own fields", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const created = await call(workerd.url, "POST", "/comaps", { edits: [["n", i], ["name", `map ${i}`]] });
      assert.equal(created.status, 200, JSON.stringify(created.value));
      ids.push(created.value.id);
    }
    assert.equal(new Set(ids).size, 3, "three distinct ids");
    for (const [i, id] of ids.entries()) {
      assert.deepEqual(await call(workerd.url, "GET", `/comaps/${id}`),
          { status: 200, value: { id, fields: { n: i, name: `map ${i}` } } });
    }
  });

  test("ten concurrent requests, half through each client, each create a CoMap that reads back intact", async () => {
    // One isolate serves them all at once: ten LocalNodes interleave their writes in one store.
    const clients = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? "sync" : "async"));
    const created = await Promise.all(clients.map((client, i) =>
        call(workerd.url, "POST", `/comaps?client=${client}`, { edits: [["n", i], ["client", client]] })));
    for (const response of created) {
      assert.equal(response.status, 200, JSON.stringify(response.value));
    }
    const read = await Promise.all(created.map(({ value: { id } }, i) =>
        call(workerd.url, "GET", `/comaps/${id}?client=${clients[(i + 1) % 2]}`)));
    assert.deepEqual(read, created.map(({ value: { id } }, i) =>
        ({ status: 200, value: { id, fields: { n: i, client: clients[i] } } })));
  });

  test("a CoMap the store never held is not found", async () => {
    const id = "co_zNeverStoredAnywhere1234567";
    const read = await call(workerd.url, "GET", `/comaps/${id}`);
    assert.deepEqual(read, { status: 404, value: { error: `no CoMap ${id} in the store` } });
  });

  test("the store's exported bytes bring the CoMap back in a new workerd process", async () => {
    const created = await call(workerd.url, "POST", "/comaps", { edits: EDITS });
    assert.equal(created.status, 200, JSON.stringify(created.value));
    const snapshot = await call(workerd.url, "GET", "/snapshot");
    assert.equal(snapshot.status, 200);
    assert.ok(snapshot.value.length > 0, "exportBytes() gave bytes");

    const other = await startWorkerd(bundleDir);
    try {
      const before = await call(other.url, "GET", `/comaps/${created.value.id}`);
      assert.equal(before.status, 404, "a new process starts with an empty store");

      const restored = await call(other.url, "PUT", "/snapshot", snapshot.value);
      assert.equal(restored.status, 200, JSON.stringify(restored.value));
      assert.deepEqual(await call(other.url, "GET", `/comaps/${created.value.id}`),
          { status: 200, value: { id: created.value.id, fields: FIELDS } });
    } finally {
      await other.stop();
    }
  });

  test("twenty create-and-read round trips each return the fields written (latency reported)", async (t) => {
    const times = { post: [], get: [] };
    for (let i = 0; i < 20; i++) {
      let started = performance.now();
      const created = await call(workerd.url, "POST", "/comaps", { edits: [["i", i]] });
      times.post.push(performance.now() - started);
      assert.equal(created.status, 200, JSON.stringify(created.value));
      started = performance.now();
      const read = await call(workerd.url, "GET", `/comaps/${created.value.id}`);
      times.get.push(performance.now() - started);
      assert.deepEqual(read.value.fields, { i });
    }
    const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1].toFixed(1);
    const max = (list) => Math.max(...list).toFixed(1);
    t.diagnostic(`workerd latency over 20 requests each: POST /comaps median ${median(times.post)} ms ` +
        `(max ${max(times.post)}), GET /comaps/:id median ${median(times.get)} ms (max ${max(times.get)})`);
  });
});
