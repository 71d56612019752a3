// Measures how long cojson takes to load a CoValue of 10,000 transactions from a fresh node through
// each entry (memory, node file) and client; the runner repeats this on each build (JS on Node 20,
// Wasm GC on Node 22). Prints the times; asserts only that every value came back.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { openFileStore } from "cojson-storage-opfs/node";
import { openMemoryStore } from "cojson-storage-opfs/memory";
import { LocalNode, clientKinds, crypto, expectedEngine, tempDir, waitUntil } from "./helpers.mjs";

const TRANSACTIONS = 10000;

test(`loading a CoValue of ${TRANSACTIONS} transactions, timed per entry and client (${expectedEngine} build)`,
  async (t) => {
    const source = openMemoryStore();
    const { node, accountID, accountSecret } = await LocalNode.withNewlyCreatedAccount({
      creationProps: { name: "Timer" }, crypto, storage: clientKinds.sync(source),
    });
    const map = node.createGroup().createMap();
    for (let i = 0; i < TRANSACTIONS; i++) {
      map.set(`key${i % 100}`, i, "trusting");
    }
    await node.syncManager.waitForStorageSync(map.id);
    const known = source.client.getCoValueKnownState(map.id);
    assert.equal(Object.values(known.sessions).reduce((a, b) => a + b, 0), TRANSACTIONS);
    await node.gracefulShutdown();
    const bytes = source.exportBytes();
    source.close();
    const path = join(tempDir("timing"), "store.db");
    writeFileSync(path, bytes);

    const entries = { memory: () => openMemoryStore({ bytes }), "node file": () => openFileStore({ path }) };
    const loadOnce = async (open, storageOf) => {
      const store = open();
      const reader = await LocalNode.withLoadedAccount({ accountID, accountSecret, sessionID: undefined, peers: [],
        crypto, storage: storageOf(store) });
      const started = performance.now();
      const loaded = await reader.load(map.id);
      assert.notEqual(loaded, "unavailable");
      // A CoValue this large streams in from storage in parts: the load ends with its last transaction.
      await waitUntil(() => Object.values(loaded.core.knownState().sessions).reduce((a, b) => a + b, 0) === TRANSACTIONS,
        "every transaction", 60000, 1);
      const ms = performance.now() - started;
      assert.equal(loaded.core.getCurrentContent().get("key99"), TRANSACTIONS - 1);
      await reader.gracefulShutdown();
      store.close();
      return ms;
    };
    // One unprinted load first, so the JIT warm-up is not charged to the first entry measured.
    await loadOnce(entries.memory, clientKinds.sync);
    for (const [entry, open] of Object.entries(entries)) {
      for (const [kind, storageOf] of Object.entries(clientKinds)) {
        const ms = await loadOnce(open, storageOf);
        t.diagnostic(`load of ${TRANSACTIONS} transactions: ${ms.toFixed(1)} ms `
          + `(${expectedEngine} build, ${entry} entry, ${kind} client, Node ${process.version})`);
      }
      // The storage's share: reading every row of the CoValue straight from the sync client.
      const store = open();
      const started = performance.now();
      const { rowID } = store.client.getCoValue(map.id);
      let rows = 0;
      for (const session of store.client.getCoValueSessions(rowID)) {
        store.client.getSignatures(session.rowID, 0);
        rows += store.client.getNewTransactionInSession(session.rowID, 0, session.lastIdx).length;
      }
      const ms = performance.now() - started;
      assert.equal(rows, TRANSACTIONS);
      t.diagnostic(`raw read of ${rows} transaction rows: ${ms.toFixed(1)} ms (${expectedEngine} build, ${entry} entry)`);
      store.close();
    }
  });
