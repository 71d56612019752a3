// A cojson LocalNode on getOpfsStorage(), with no bundler. The first visit creates an account and a
// CoMap and remembers their ids in localStorage; every visit then loads the CoMap from storage
// alone (no sync peer), counts the visit in it and waits until that edit is stored.
// `window.unbundled` resolves with what the page saw, or rejects with the error.

import { LocalNode } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import { getOpfsStorage } from "/node_modules/cojson-storage-opfs/src/entries/index.js";

async function visit() {
  const crypto = await WasmCrypto.create();
  const storage = await getOpfsStorage();
  const saved = JSON.parse(localStorage.getItem("unbundled") ?? "null");
  let node;
  let map;
  if (saved === null) {
    const created = await LocalNode.withNewlyCreatedAccount({ creationProps: { name: "Unbundled" }, crypto, storage, peers: [] });
    node = created.node;
    map = node.createGroup().createMap();
    map.set("visits", 0);
    localStorage.setItem("unbundled", JSON.stringify({
      accountID: created.accountID, accountSecret: created.accountSecret, mapId: map.id,
    }));
  } else {
    node = await LocalNode.withLoadedAccount({
      accountID: saved.accountID, accountSecret: saved.accountSecret, sessionID: undefined, crypto, storage, peers: [],
    });
    map = await node.load(saved.mapId);
    if (map === "unavailable") throw new Error(`the CoMap ${saved.mapId} is not in storage`);
  }
  map.set("visits", map.get("visits") + 1);
  await node.syncManager.waitForAllCoValuesSync();
  const stats = await storage.dbClient.stats();
  return { visits: map.get("visits"), mapId: map.id, engine: stats.engine, fileBytes: stats.fileBytes };
}

window.unbundled = visit();
window.unbundled.then(
  (result) => { document.getElementById("status").textContent = `visit ${result.visits}`; },
  (error) => { document.getElementById("status").textContent = `failed: ${error}`; },
);
