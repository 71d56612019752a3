// A Cloudflare Worker that serves cojson CoMaps from a LocalNode whose only storage is the
// package's /memory entry. Each request runs its own LocalNode (created, used, shut down within
// the request: workerd does not let one request wait on promises or timers of another), so a GET
// proves that what a POST wrote comes back from the store alone, not from a node's memory.
//
//   POST /comaps    {"edits": [[key, value], ...]}  a new account and a group that everyone may
//                   read; a CoMap owned by it, each edit applied in order → {"id"}
//   GET  /comaps/ID  a fresh anonymous node loads the CoMap → {"id", "fields"}; 404 if unknown
//   ?client=async on either: cojson's StorageApiAsync on store.asyncClient instead of
//                   StorageApiSync on store.client
//   GET  /snapshot   the store's bytes (exportBytes())
//   PUT  /snapshot   replaces the store with one opened from the request's bytes
//   GET  /stats      the store's stats()

import { LocalNode, StorageApiAsync, StorageApiSync } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import { init as initEdgeCrypto } from "cojson/crypto/WasmCrypto/edge";
import { openMemoryStore } from "cojson-storage-opfs/memory";

// Workers may not compile Wasm from bytes at run time: cojson's crypto must come from the
// Wasm module that workerd compiled at load (declared in workerd.capnp).
WasmCrypto.setInit(initEdgeCrypto);
const crypto = await WasmCrypto.create();

// One store per isolate; a request only calls its synchronous methods, which is allowed across
// requests (no I/O object is shared).
let store = openMemoryStore({ name: "workerd" });

export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      if (url.pathname === "/comaps" && request.method === "POST") {
        return json(await createCoMap(await request.json(), storage(url)));
      }
      const match = /^\/comaps\/(co_z[A-Za-z0-9]+)$/.exec(url.pathname);
      if (match && request.method === "GET") {
        const found = await readCoMap(match[1], storage(url));
        return found ? json(found) : json({ error: `no CoMap ${match[1]} in the store` }, 404);
      }
      if (url.pathname === "/snapshot" && request.method === "GET") {
        return new Response(store.exportBytes(), { headers: { "content-type": "application/octet-stream" } });
      }
      if (url.pathname === "/snapshot" && request.method === "PUT") {
        const bytes = new Uint8Array(await request.arrayBuffer());
        store.close();
        store = openMemoryStore({ name: "workerd", bytes });
        return json({ stats: store.stats() });
      }
      if (url.pathname === "/stats" && request.method === "GET") {
        return json(store.stats());
      }
      return json({ error: `no route ${request.method} ${url.pathname}` }, 404);
    } catch (e) {
      return json({ error: String(e?.stack ?? e), code: e?.code }, 500);
    }
  },
};

/** A fresh cojson storage on the store, through the client the request's ?client= names. */
function storage(url) {
  const client = url.searchParams.get("client") ?? "sync";
  if (client !== "sync" && client !== "async") throw new Error(`client must be sync or async, got ${client}`);
  return client === "sync" ? new StorageApiSync(store.client) : new StorageApiAsync(store.asyncClient);
}

async function createCoMap({ edits }, storage) {
  const { node } = await LocalNode.withNewlyCreatedAccount({
    creationProps: { name: "workerd test account" },
    crypto,
    peers: [],
    storage,
  });
  try {
    const group = node.createGroup();
    group.addMember("everyone", "reader");
    const map = group.createMap();
    for (const [key, value] of edits) {
      map.set(key, value);
    }
    await Promise.all([
      node.syncManager.waitForStorageSync(group.id),
      node.syncManager.waitForStorageSync(map.id),
    ]);
    return { id: map.id };
  } finally {
    await node.gracefulShutdown();
  }
}

async function readCoMap(id, storage) {
  // No account: an agent may read what everyone may read, which is all this needs.
  const agentSecret = crypto.newRandomAgentSecret();
  const node = new LocalNode(agentSecret, crypto.newRandomSessionID(crypto.getAgentID(agentSecret)), crypto);
  node.setStorage(storage);
  try {
    const map = await node.load(id);
    return map === "unavailable" ? undefined : { id, fields: map.toJSON() };
  } finally {
    await node.gracefulShutdown();
  }
}

function json(value, status = 200) {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
}
