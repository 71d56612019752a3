// Which of cojson's own test files run, and which of their tests are left out or expected to fail.
// Every entry says why: a test that is neither listed here nor passing fails the run.

// Every test file in cojson@0.20.19's src/tests that creates storage: directly through
// createSyncStorage/createAsyncStorage (testStorage.ts), or through testUtils' addStorage/addAsyncStorage.
export const STORAGE_TEST_FILES = [
  "account.test.ts",
  "coPlainText.test.ts",
  "GarbageCollector.test.ts",
  "SQLiteClientAsync.test.ts",
  "StorageApiAsync.test.ts",
  "StorageApiSync.test.ts",
  "SyncManager.processQueues.test.ts",
  "SyncStateManager.test.ts",
  "sync.concurrentLoad.test.ts",
  "sync.garbageCollection.test.ts",
  "sync.load.test.ts",
  "sync.localStoreDurability.test.ts",
  "sync.mesh.test.ts",
  "sync.peerReconciliation.test.ts",
  "sync.storage.test.ts",
  "sync.storageAsync.test.ts",
  "sync.storageReconciliation.test.ts",
  "sync.tracking.test.ts",
];

// Tests that cannot run against any non-SQLite storage: they open the storage's file with libsql
// and read or insert rows with SQL. Skipped in both modes so the counts compare.
export const EXCLUDED_TESTS = [
  {
    file: "sync.storageAsync.test.ts",
    name: "TOCTOU: extra transaction at idx=lastIdx does not cause InvalidSignature",
    reason: "opens the storage file as a SQLite database and INSERTs a transaction row with SQL",
  },
  {
    file: "sync.storageAsync.test.ts",
    name: "TOCTOU: concurrent write between getCoValueSessions and getNewTransactionInSession does not cause InvalidSignature",
    reason: "opens the storage file as a SQLite database and SELECTs/INSERTs rows with SQL",
  },
];

// Tests whose result depends on how fast the machine is, not on the storage: they snapshot the
// order of messages between several nodes right after waiting for one of them only, or race a
// short or fixed timer. Under CPU load they fail now and then, on cojson's own SQLite storage too
// (sync.mesh twice and sync.tracking once in full reference runs at load average ~9, never alone).
// A failure of one of these is re-run once alone; it counts as passed only if that run passes,
// and the report says so.
export const TIMING_SENSITIVE = {
  "sync.mesh.test.ts > multiple clients syncing with the a cloud-like server mesh > large coValue streaming from an edge to the core server and a client at the same time":
    "snapshots core's KNOWN/storage messages right after the client caught up; under load core has not sent them yet",
  "SyncStateManager.test.ts > SyncStateManager > should wait for persistent closed peers to reconnect":
    "races waitForSync against a 10 ms timer after reconnecting; it creates no storage at all (its file is " +
    "listed for other tests), and failed once at load average ~10 under Node 22",
  "sync.tracking.test.ts > sync state persistence > synced coValues are removed from storage":
    "waits a fixed 100 ms for the sync with the server to finish; failed under load on cojson's own SQLite " +
    "storage too (the first reference run) and once on ours at load average ~6",
};

// Tests known to fail, each with the reason found. run.mjs fails on any other failure, and also
// when one of these passes or fails with another error (so the list never goes stale).
// Keys: "<file> > <full test name>"; `error`: text the failure's first line must contain.
const ROW_STORE_CHECKS_SESSION_ROWS = {
  error: "INVALID_ARGUMENT: sessionRowID",
  why:
    "our row store refuses a transaction or signature row for a session rowID that has no stored " +
  "session (and rowID 0), with INVALID_ARGUMENT; cojson's SQLite client has no such foreign-key " +
  "check and this test writes rows for session 0/1 that were never created. cojson itself never " +
  "does that outside this test (it writes the session row first, in the same transaction).",
};
export const EXPECTED_FAILURES = {
  opfs: {
    "SQLiteClientAsync.test.ts > SQLiteClientAsync > transaction > serializes concurrent transactions to avoid SQLITE_BUSY errors":
      ROW_STORE_CHECKS_SESSION_ROWS,
    "SQLiteClientAsync.test.ts > SQLiteClientAsync > transaction > continues to serialize transactions even if one fails":
      ROW_STORE_CHECKS_SESSION_ROWS,
    "SQLiteClientAsync.test.ts > SQLiteClientAsync > transaction > addTransaction overwrites an orphan row at the same (ses, idx)":
      ROW_STORE_CHECKS_SESSION_ROWS,
    "SQLiteClientAsync.test.ts > SQLiteClientAsync > transaction > addSignatureAfter overwrites an orphan row at the same (ses, idx)":
      ROW_STORE_CHECKS_SESSION_ROWS,
  },
  sqlite: {},
};
