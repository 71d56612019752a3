// Our stand-in for the two tests of sync.storageAsync.test.ts that storageTests.mjs excludes
// because they write rows with SQL: the same situation, a transaction row at idx = lastIdx that
// no session row accounts for (an interrupted or concurrent writer), made through our own client
// instead. Loading must ignore that row rather than pair it with a signature that does not cover it.
import { beforeEach, describe, expect, test, vi } from "vitest";
import { openFileStore } from "cojson-storage-opfs/node";
import { getDbPath } from "cojson/src/tests/testStorage.ts";
import { TEST_NODE_CONFIG, loadCoValueOrFail, setupTestNode } from "cojson/src/tests/testUtils.ts";

TEST_NODE_CONFIG.withAsyncPeers = true;

let server;
beforeEach(() => {
  vi.restoreAllMocks();
  server = setupTestNode({ isSyncServer: true });
});

// A map made on the server, synced into the storage at dbPath by a client that then shuts down.
async function mapStoredAt(dbPath) {
  const writer = setupTestNode();
  writer.connectToSyncServer();
  await writer.addAsyncStorage({ ourName: "writer", filename: dbPath });
  const map = server.node.createGroup().createMap();
  map.set("a", "1", "trusting");
  map.set("b", "2", "trusting");
  map.set("c", "3", "trusting");
  const stored = await loadCoValueOrFail(writer.node, map.id);
  await stored.core.waitForSync();
  await writer.node.gracefulShutdown();
  return map;
}

// Stores a copy of the session's first transaction at idx = lastIdx, leaving the session row as is.
function addRowPastLastIdx(dbPath, mapId) {
  const store = openFileStore({ path: dbPath });
  try {
    const { client } = store;
    const coValue = client.getCoValue(mapId);
    const session = client.getCoValueSessions(coValue.rowID).find((row) => row.lastIdx > 0);
    const [first] = client.getNewTransactionInSession(session.rowID, 0, 0);
    client.transaction((tx) => tx.addTransaction(session.rowID, session.lastIdx, first.tx));
    expect(client.getNewTransactionInSession(session.rowID, session.lastIdx, session.lastIdx)).toHaveLength(1);
    return session;
  } finally {
    store.close();
  }
}

function signatureErrors(consoleError) {
  return consoleError.mock.calls.filter(
    ([message]) => typeof message === "string" && message.includes("Failed to add transactions"),
  );
}

describe("a transaction row past its session's lastIdx", () => {
  test("is not loaded when it was stored before the load started", async () => {
    const dbPath = getDbPath();
    const map = await mapStoredAt(dbPath);
    addRowPastLastIdx(dbPath, map.id);

    const consoleError = vi.spyOn(console, "error");
    const reader = setupTestNode();
    reader.connectToSyncServer();
    await reader.addAsyncStorage({ ourName: "reader", filename: dbPath });
    const loaded = await loadCoValueOrFail(reader.node, map.id);

    expect(signatureErrors(consoleError)).toEqual([]);
    expect(loaded.toJSON()).toEqual({ a: "1", b: "2", c: "3" });
    expect(loaded.core.knownState()).toEqual(map.core.knownState());
  });

  test("is not loaded when it is stored between reading the sessions and reading their transactions", async () => {
    const dbPath = getDbPath();
    const map = await mapStoredAt(dbPath);

    const consoleError = vi.spyOn(console, "error");
    const reader = setupTestNode();
    reader.connectToSyncServer();
    const { storage } = await reader.addAsyncStorage({ ourName: "reader", filename: dbPath });
    const dbClient = storage.dbClient;
    const readTransactions = dbClient.getNewTransactionInSession.bind(dbClient);
    let injected = false;
    dbClient.getNewTransactionInSession = async (sessionRowID, fromIdx, toIdx) => {
      if (!injected) {
        injected = true;
        addRowPastLastIdx(dbPath, map.id);
      }
      return readTransactions(sessionRowID, fromIdx, toIdx);
    };
    const loaded = await loadCoValueOrFail(reader.node, map.id);

    expect(injected).toBe(true);
    expect(signatureErrors(consoleError)).toEqual([]);
    expect(loaded.toJSON()).toEqual({ a: "1", b: "2", c: "3" });
  });
});
