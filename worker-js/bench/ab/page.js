// The A/B page: cojson on the main thread with getOpfsStorage() of one package variant (the bundle
// made by ab.mjs aliases "cojson-storage-opfs" to it). Each function runs in a fresh page.

import { LocalNode } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import { getOpfsStorage } from "cojson-storage-opfs";

const workerUrl = new URL("./owner-worker.js", import.meta.url).href;
const cryptoReady = WasmCrypto.create();
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

async function open(name) {
  const storage = await getOpfsStorage({ name, workerUrl });
  return { storage, client: storage.dbClient };
}

// { name, edits }: a new account and CoMap, then `edits` edits one after another, each timed from
// map.set until cojson has it in storage (waitForStorageSync). Answers the median and the messages.
window.edits = async ({ name, edits }) => {
  const { storage, client } = await open(name);
  const { node } = await LocalNode.withNewlyCreatedAccount({
    creationProps: { name: "ab" }, crypto: await cryptoReady, peers: [], storage,
  });
  const map = node.createGroup().createMap();
  map.set("warm", 0, "trusting");
  await node.syncManager.waitForStorageSync(map.id);
  const before = client.roundTrips().messages;
  const ms = [];
  for (let i = 0; i < edits; i++) {
    const t0 = performance.now();
    map.set("count", i, "trusting");
    await node.syncManager.waitForStorageSync(map.id);
    ms.push(performance.now() - t0);
  }
  const counts = client.roundTrips();
  const messages = (counts.messages - before) / edits;
  await node.gracefulShutdown();
  await client.close();
  return { medianMs: median(ms), messagesPerEdit: messages, conflicts: counts.conflicts ?? 0, ms };
};

// { name, count }: an account, a group and `count` CoMaps of three keys in it; answers what a
// reader needs.
window.seed = async ({ name, count }) => {
  const { storage, client } = await open(name);
  const { node, accountID, accountSecret } = await LocalNode.withNewlyCreatedAccount({
    creationProps: { name: "ab" }, crypto: await cryptoReady, peers: [], storage,
  });
  const group = node.createGroup();
  const ids = [];
  for (let i = 0; i < count; i++) {
    const map = group.createMap();
    map.set("title", `item ${i}`, "trusting");
    map.set("done", i % 2 === 0, "trusting");
    map.set("rank", i, "trusting");
    ids.push(map.id);
  }
  await Promise.all([accountID, group.id, ...ids].map((id) => node.syncManager.waitForStorageSync(id)));
  await node.gracefulShutdown();
  await client.close();
  return { accountID, accountSecret, ids };
};

// { name, accountID, accountSecret, ids }: opens the storage, loads the account, then every CoMap
// of `ids` at once; answers the ms of the CoMaps' load, of the whole (storage open included), a
// checksum of what loaded, and the messages.
window.loadAll = async ({ name, accountID, accountSecret, ids }) => {
  const t0 = performance.now();
  const { storage, client } = await open(name);
  const node = await LocalNode.withLoadedAccount({
    accountID, accountSecret, sessionID: undefined, peers: [], crypto: await cryptoReady, storage,
  });
  const before = client.roundTrips().messages;
  const t1 = performance.now();
  // When the getCoValue answers arrived: the first and the last (relative to t1).
  const answers = { first: Infinity, last: 0, calls: 0 };
  const getCoValue = client.getCoValue;
  client.getCoValue = async (...a) => {
    const row = await getCoValue.apply(client, a);
    const at = performance.now() - t1;
    answers.first = Math.min(answers.first, at);
    answers.last = Math.max(answers.last, at);
    answers.calls++;
    return row;
  };
  const maps = await Promise.all(ids.map((id) => node.load(id)));
  const t2 = performance.now();
  client.getCoValue = getCoValue;
  let checksum = 0;
  for (const map of maps) checksum += map === "unavailable" ? -1_000_000 : map.get("rank") + 1;
  const counts = client.roundTrips();
  const messages = counts.messages - before;
  await node.gracefulShutdown();
  await client.close();
  return { loadMs: t2 - t1, totalMs: t2 - t0, checksum, messages, answers, byOp: counts.byOp, answeredLocally: counts.answeredLocally };
};
