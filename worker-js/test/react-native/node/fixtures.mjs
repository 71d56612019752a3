// Real cojson data for the Hermes runs: an account, a group, a CoMap with edits (one private), a
// CoList and a 256 KiB binary stream (large transactions, and signatures every ~100 KiB, so a load
// streams), written by cojson 0.20.19 on Node with its real crypto, then read back through
// StorageApiSync as the content messages a storage hands out. Hermes stores those; a LocalNode on
// Node must later load them from the file Hermes wrote, checking every signature.

import { openMemoryStore } from "cojson-storage-opfs/react-native";
import { loadAll } from "../shared/coValues.js";

// Node 20 lacks Promise.withResolvers, which some cojson paths use (Node 22 has it).
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

const { LocalNode, StorageApiSync } = await import("cojson");
const { WasmCrypto } = await import("cojson/crypto/WasmCrypto");
export const crypto = await WasmCrypto.create();
export { LocalNode, StorageApiSync };

export const STREAM_BYTES = 256 << 10;

export function seededBytes(length, seed) {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    bytes[i] = x & 255;
  }
  return bytes;
}

export async function makeFixtures() {
  const store = openMemoryStore();
  const { node, accountID, accountSecret } = await LocalNode.withNewlyCreatedAccount({
    creationProps: { name: "Ada" }, crypto, storage: new StorageApiSync(store.client),
  });
  const group = node.createGroup();
  const map = group.createMap();
  for (let i = 0; i < 25; i++) map.set("count", i, "trusting");
  map.set("name", "Grüße, 世界 🎉", "private");
  const list = group.createList();
  for (let i = 0; i < 50; i++) list.append(`item ${i}`, undefined, "trusting");
  const stream = group.createBinaryStream();
  const payload = seededBytes(STREAM_BYTES, 7);
  stream.startBinaryStream({ mimeType: "application/octet-stream", fileName: "blob.bin", totalSizeBytes: STREAM_BYTES }, "trusting");
  for (let at = 0; at < STREAM_BYTES; at += 32 << 10) {
    stream.pushBinaryStreamChunk(payload.subarray(at, at + (32 << 10)), "trusting");
  }
  stream.endBinaryStream("trusting");
  for (const id of [group.id, map.id, list.id, stream.id]) await node.syncManager.waitForStorageSync(id);
  const expected = { map: map.toJSON(), list: list.toJSON() };
  await node.gracefulShutdown();

  const ids = store.client.getCoValueIDs(1000, 0).map((row) => row.id);
  const messages = await loadAll(new StorageApiSync(store.client), store.client, ids);
  store.close();
  return { accountID, accountSecret, ids, mapID: map.id, listID: list.id, streamID: stream.id, payload, expected,
    messages: JSON.parse(JSON.stringify(messages)) };
}

/** Loads the fixtures' CoValues through a LocalNode with no peers on `storage`: only the file can answer. */
export async function checkWithLocalNode(storage, fixtures) {
  const node = await LocalNode.withLoadedAccount({
    accountID: fixtures.accountID, accountSecret: fixtures.accountSecret, sessionID: undefined, peers: [], crypto, storage,
  });
  try {
    const account = node.expectCurrentAccount("check");
    const profile = await node.load(account.get("profile"));
    const map = await node.load(fixtures.mapID);
    const list = await node.load(fixtures.listID);
    const stream = await node.load(fixtures.streamID);
    for (let i = 0; i < 500 && stream.core.getCurrentContent().getBinaryChunks() === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const binary = stream.core.getCurrentContent().getBinaryChunks();
    const bytes = new Uint8Array(binary.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of binary.chunks) { bytes.set(chunk, at); at += chunk.length; }
    return { profileName: profile.get("name"), map: map.toJSON(), list: list.toJSON(), streamFinished: binary.finished, streamBytes: bytes };
  } finally {
    await node.gracefulShutdown();
  }
}
