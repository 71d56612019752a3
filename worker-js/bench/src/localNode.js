// W10, end to end: a real cojson LocalNode in this worker, on each peer's storage, loads a CoMap
// with N edits from storage (as an app does after a reload). The CoMap is written once per peer
// through cojson itself (an account, a group, N `set`s), so every engine holds what cojson wrote.

import { Checksum, asyncOps } from "./ops.js";

async function cojson() {
  const { LocalNode, StorageApiAsync, StorageApiSync } = await import("cojson");
  const { WasmCrypto } = await import("cojson/crypto/WasmCrypto");
  return { LocalNode, StorageApiAsync, StorageApiSync, crypto: await WasmCrypto.create() };
}

function storageOf(c, db) {
  return db.ops === asyncOps ? new c.StorageApiAsync(db.client) : new c.StorageApiSync(db.client);
}

export function loadNode(sizes) {
  const edits = sizes.w10;
  const saved = new Map();
  return {
    id: "W10", title: `end to end: a cojson LocalNode loads a CoMap with ${edits} edits from storage`,
    metrics: [{ key: "ms", label: "node.load", unit: "ms", better: "lower" }],
    peers: ["opfs-wasm", "opfs-js", "memory", "sqlite", "sqlite-tuned", "indexeddb"],
    async prepare(peer, peerId) {
      const c = await cojson();
      await peer.remove("w10");
      const db = await peer.open("w10");
      const { node, accountID, accountSecret } = await c.LocalNode.withNewlyCreatedAccount({
        creationProps: { name: "Bench" }, crypto: c.crypto, storage: storageOf(c, db),
      });
      const map = node.createGroup().createMap();
      for (let i = 0; i < edits; i++) {
        map.set(`k${i % 100}`, i, "trusting");
      }
      await node.syncManager.waitForStorageSync(map.id);
      await node.gracefulShutdown();
      await db.close();
      saved.set(peerId, { accountID, accountSecret, mapId: map.id });
    },
    async run(peer, rep, peerId) {
      const c = await cojson();
      const { accountID, accountSecret, mapId } = saved.get(peerId);
      const t0 = performance.now();
      const db = await peer.open("w10");
      const node = await c.LocalNode.withLoadedAccount({
        accountID, accountSecret, sessionID: c.crypto.newRandomSessionID(accountID), peers: [], crypto: c.crypto,
        storage: storageOf(c, db),
      });
      const map = await node.load(mapId);
      if (map === "unavailable") throw new Error(`CoMap ${mapId} is unavailable from ${peerId}`);
      const json = map.toJSON();
      const ms = performance.now() - t0;
      await node.gracefulShutdown();
      await db.close();
      return { metrics: { ms }, checksum: new Checksum().add(json).hex() };
    },
    async finish(peer, peerId) {
      saved.delete(peerId);
      await peer.remove("w10");
    },
  };
}
