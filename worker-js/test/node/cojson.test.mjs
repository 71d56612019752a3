// Real cojson@0.20.19 on the /node entry (a file) and the /memory entry (bytes exported from
// it): an account, a group, a CoMap with edits, a 1 MiB binary stream and a deleted-then-erased
// CoValue survive closing every handle and reopening; two nodes, each on its own store, sync.
// Every scenario runs with the sync client (StorageApiSync) and the async one (StorageApiAsync).

import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { openFileStore } from "cojson-storage-opfs/node";
import { openMemoryStore } from "cojson-storage-opfs/memory";
import {
  LocalNode, clientKinds, cojsonInternals, concatChunks, crypto, expectedEngine, seededBytes, tempDir, waitUntil,
} from "./helpers.mjs";

const STREAM_BYTES = 1 << 20;
const CHUNK_BYTES = 64 << 10;

/** Writes the scenario through a fresh node on `store`; returns what a reader needs to check it. */
async function writeScenario(store, storageOf) {
  const { node, accountID, accountSecret } = await LocalNode.withNewlyCreatedAccount({
    creationProps: { name: "Ada" }, crypto, storage: storageOf(store),
  });
  const group = node.createGroup();
  const map = group.createMap();
  for (let i = 0; i < 25; i++) {
    map.set("count", i, "trusting");
  }
  map.set("name", "final", "private");

  const stream = group.createBinaryStream();
  const payload = seededBytes(STREAM_BYTES, 42);
  stream.startBinaryStream({ mimeType: "application/octet-stream", fileName: "blob.bin", totalSizeBytes: STREAM_BYTES },
    "trusting");
  for (let at = 0; at < STREAM_BYTES; at += CHUNK_BYTES) {
    stream.pushBinaryStreamChunk(payload.subarray(at, at + CHUNK_BYTES), "trusting");
  }
  stream.endBinaryStream("trusting");

  const doomed = group.createMap();
  doomed.set("secret", "erase me", "trusting");
  await node.syncManager.waitForStorageSync(doomed.id);
  doomed.core.deleteCoValue();

  for (const id of [group.id, map.id, stream.id, doomed.id]) {
    await node.syncManager.waitForStorageSync(id);
  }
  assert.deepEqual(await waitingForDelete(store), [doomed.id]);
  await node.storage.eraseAllDeletedCoValues();
  assert.deepEqual(await waitingForDelete(store), []);
  await node.gracefulShutdown();
  return { accountID, accountSecret, mapID: map.id, streamID: stream.id, doomedID: doomed.id, payload };
}

async function waitingForDelete(store) {
  return store.client.getAllCoValuesWaitingForDelete();
}

/** Loads everything back through a node with no peers: only the store can answer. */
async function checkScenario(store, storageOf, written) {
  const node = await LocalNode.withLoadedAccount({
    accountID: written.accountID, accountSecret: written.accountSecret, sessionID: undefined, peers: [], crypto,
    storage: storageOf(store),
  });
  const account = node.expectCurrentAccount("check");
  const profile = await node.load(account.get("profile"));
  assert.equal(profile.get("name"), "Ada");

  const map = await node.load(written.mapID);
  assert.notEqual(map, "unavailable");
  assert.equal(map.get("count"), 24);
  assert.equal(map.get("name"), "final");

  // A large CoValue streams in from storage in parts: wait for its end marker.
  const stream = await node.load(written.streamID);
  await waitUntil(() => stream.core.getCurrentContent().getBinaryChunks() !== undefined, "the whole stream");
  const binary = stream.core.getCurrentContent().getBinaryChunks();
  assert.equal(binary.finished, true);
  assert.equal(binary.fileName, "blob.bin");
  assert.deepEqual(concatChunks(binary.chunks), written.payload);

  const doomed = await node.load(written.doomedID);
  assert.equal(doomed.core.isDeleted, true);
  assert.equal(doomed.get("secret"), undefined);
  const row = store.client.getCoValue(written.doomedID);
  const sessions = store.client.getCoValueSessions(row.rowID);
  assert.equal(sessions.length, 1, "only the delete session is left");
  assert.match(sessions[0].sessionID, /\$$/);
  await node.gracefulShutdown();
}

for (const [kind, storageOf] of Object.entries(clientKinds)) {
  describe(`cojson on the ${kind} client`, () => {
    test(`everything written survives closing every handle and reopening the file (${expectedEngine} build)`,
      async () => {
        const path = join(tempDir(`reopen-${kind}`), "store.db");
        const first = openFileStore({ path });
        const second = openFileStore({ path });
        assert.equal(first.stats().engine, expectedEngine);
        const written = await writeScenario(first, storageOf);
        assert.equal(second.client.getCoValue(written.mapID).id, written.mapID, "a second handle sees the same store");
        first.close();
        second.close();

        const reopened = openFileStore({ path });
        reopened.verify();
        await checkScenario(reopened, storageOf, written);
        reopened.close();
      });

    test("a memory store opened from a file store's exported bytes holds the same CoValues", async () => {
      const path = join(tempDir(`export-${kind}`), "store.db");
      const file = openFileStore({ path });
      const written = await writeScenario(file, storageOf);
      const bytes = file.exportBytes();
      file.close();

      const memory = openMemoryStore({ bytes });
      assert.equal(memory.stats().engine, expectedEngine);
      memory.verify();
      await checkScenario(memory, storageOf, written);
      memory.close();
    });

    test("two nodes on their own stores sync a CoMap both ways and each keeps it after reopening", async () => {
      const dir = tempDir(`two-nodes-${kind}`);
      const paths = { alice: join(dir, "alice.db"), bob: join(dir, "bob.db") };
      const aliceStore = openFileStore({ path: paths.alice });
      const bobStore = openFileStore({ path: paths.bob });
      const alice = await LocalNode.withNewlyCreatedAccount({ creationProps: { name: "Alice" }, crypto,
        storage: storageOf(aliceStore) });
      const bob = await LocalNode.withNewlyCreatedAccount({ creationProps: { name: "Bob" }, crypto,
        storage: storageOf(bobStore) });
      const [aliceAsPeer, bobAsPeer] = cojsonInternals.connectedPeers("alice", "bob",
        { peer1role: "server", peer2role: "server" });
      bob.node.syncManager.addPeer(aliceAsPeer);
      alice.node.syncManager.addPeer(bobAsPeer);

      const group = alice.node.createGroup();
      group.addMember("everyone", "writer");
      const map = group.createMap();
      map.set("from", "alice", "trusting");

      const onBob = await bob.node.load(map.id);
      assert.notEqual(onBob, "unavailable");
      assert.equal(onBob.get("from"), "alice");
      onBob.set("reply", "bob", "trusting");
      await waitUntil(() => map.get("reply") === "bob", "bob's edit to reach alice");
      for (const [node, id] of [[alice.node, map.id], [bob.node, map.id]]) {
        await node.syncManager.waitForStorageSync(id);
      }
      await alice.node.gracefulShutdown();
      await bob.node.gracefulShutdown();
      aliceStore.close();
      bobStore.close();

      for (const [name, path, account] of [["alice", paths.alice, alice], ["bob", paths.bob, bob]]) {
        const store = openFileStore({ path });
        const node = await LocalNode.withLoadedAccount({ accountID: account.accountID,
          accountSecret: account.accountSecret, sessionID: undefined, peers: [], crypto, storage: storageOf(store) });
        const loaded = await node.load(map.id);
        assert.notEqual(loaded, "unavailable", `${name}'s store has the map`);
        assert.equal(loaded.get("from"), "alice");
        assert.equal(loaded.get("reply"), "bob");
        await node.gracefulShutdown();
        store.close();
      }
    });
  });
}
