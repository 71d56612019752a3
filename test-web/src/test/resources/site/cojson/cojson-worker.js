// A dedicated module worker running a cojson LocalNode whose only storage is the package's /worker
// entry (an OPFS file). No sync peer: whatever a later worker reads came from OPFS alone.
//   { op: "create", name, engine, client, edits: [[key, value], ...], oneTransactionEach }  a new
//     account, a group, a CoMap
//     owned by the group with the edits applied in order (each in its own cojson transaction when
//     oneTransactionEach); answers { accountID, accountSecret, mapID, writeMs, stats } once all of
//     it is in storage.
//   { op: "read", name, engine, client, accountID, accountSecret, mapID }  loads the account and the CoMap
//     from the store; answers { fields, loadMs, stats } after the store verifies.
//   { op: "stream", name, engine }  creates an account, group and CoMap, answers { ready, ... }
//     with the credentials, then sets s000000, s000001, … (one cojson transaction each) until
//     terminated, posting { acked: [keys] } each time the storage client's transaction() returned.
// `client`: "sync" (default; cojson's StorageApiSync on store.client) or "async" (StorageApiAsync on
// store.asyncClient).

// Bare imports: CojsonBrowserBundle bundles this file with cojson and the package (resolved through
// its "exports", as an app's bundler would) into /pkg/target/cojson-worker.js.
import { LocalNode, StorageApiAsync, StorageApiSync } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import { openOpfsStore } from "cojson-storage-opfs/worker";

const cryptoReady = WasmCrypto.create();

// The page may start this worker right after terminating one that held the file: its sync access
// handle is released a moment later, so LOCKED is retried for a while.
async function openRetrying(name, engine) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openOpfsStore({ name, engine });
    } catch (e) {
      if (e.code !== "LOCKED" || attempt >= 100) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function createAccountGroupAndMap(crypto, storage) {
  const { node, accountID, accountSecret } = await LocalNode.withNewlyCreatedAccount({
    creationProps: { name: "OPFS test account" },
    crypto,
    peers: [],
    storage,
  });
  const group = node.createGroup();
  const map = group.createMap();
  return { node, accountID, accountSecret, group, map };
}

function storage(store, client = "sync") {
  if (client !== "sync" && client !== "async") throw new Error(`client must be "sync" or "async", got ${client}`);
  return client === "sync" ? new StorageApiSync(store.client) : new StorageApiAsync(store.asyncClient);
}

async function create({ edits, client, oneTransactionEach = false }, store, crypto) {
  const { node, accountID, accountSecret, group, map } =
      await createAccountGroupAndMap(crypto, storage(store, client));
  const started = performance.now();
  for (const [key, value] of edits) {
    map.set(key, value);
    if (oneTransactionEach) await nextTask();
  }
  await Promise.all([accountID, group.id, map.id].map((id) => node.syncManager.waitForStorageSync(id)));
  const writeMs = performance.now() - started;
  await node.gracefulShutdown();
  return { accountID, accountSecret, mapID: map.id, writeMs };
}

const transactionCount = (knownState) => Object.values(knownState.sessions).reduce((a, b) => a + b, 0);

async function fullyStreamed(map, stored, timeoutMs = 60000) {
  const deadline = performance.now() + timeoutMs;
  while (transactionCount(map.core.knownState()) < transactionCount(stored)) {
    if (performance.now() > deadline) throw new Error("the CoValue did not finish streaming in from storage");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function read({ accountID, accountSecret, mapID, client }, store, crypto) {
  const started = performance.now();
  const node = await LocalNode.withLoadedAccount({
    accountID, accountSecret, sessionID: undefined, peers: [], crypto,
    storage: storage(store, client),
  });
  const map = await node.load(mapID);
  // A CoValue with a long history streams in from storage in parts after load() resolves: the
  // load ends when the node knows every transaction the store holds.
  if (map !== "unavailable") await fullyStreamed(map, store.client.getCoValueKnownState(mapID));
  const loadMs = performance.now() - started;
  const fields = map === "unavailable" ? "unavailable" : map.toJSON();
  await node.gracefulShutdown();
  store.verify();
  return { fields, loadMs };
}

/**
 * The store's sync client, except that each transaction() that returns posts the stream keys its
 * callback wrote: those commits are acknowledged, so they must survive the worker's end.
 */
function acknowledgingClient(client) {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (property !== "transaction") {
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (callback) => {
        const keys = [];
        const result = target.transaction((tx) => callback(new Proxy(tx, {
          get(txTarget, txProperty) {
            const txValue = Reflect.get(txTarget, txProperty);
            if (txProperty !== "addTransaction") {
              return typeof txValue === "function" ? txValue.bind(txTarget) : txValue;
            }
            return (sessionRowID, idx, transaction) => {
              if (transaction.privacy === "trusting") {
                for (const change of JSON.parse(transaction.changes)) {
                  if (typeof change.key === "string" && /^s\d{6}$/.test(change.key)) keys.push(change.key);
                }
              }
              return txValue.call(txTarget, sessionRowID, idx, transaction);
            };
          },
        })));
        if (keys.length > 0) postMessage({ ok: true, acked: keys });
        return result;
      };
    },
  });
}

function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(undefined);
  });
}

async function stream(request, store, crypto) {
  const { node, accountID, accountSecret, group, map } =
      await createAccountGroupAndMap(crypto, new StorageApiSync(acknowledgingClient(store.client)));
  await Promise.all([accountID, group.id, map.id].map((id) => node.syncManager.waitForStorageSync(id)));
  postMessage({ ok: true, ready: { accountID, accountSecret, mapID: map.id } });
  for (let i = 0; ; i++) {
    // Trusting (unencrypted) so the acknowledging client can read which key a commit carries.
    map.set("s" + String(i).padStart(6, "0"), i, "trusting");
    // Local edits are batched per task: yielding makes each set its own transaction. A message
    // yields without setTimeout's 4 ms clamp, so commits follow each other closely and the page's
    // terminate() lands inside one as well as between them.
    await nextTask();
  }
}

const OPS = { create, read, stream };

self.onmessage = async ({ data: request }) => {
  try {
    const crypto = await cryptoReady;
    const store = await openRetrying(request.name, request.engine);
    try {
      const value = await OPS[request.op](request, store, crypto);
      postMessage({ ok: true, value: { ...value, stats: store.stats() } });
    } finally {
      store.close();
    }
  } catch (e) {
    postMessage({ ok: false, code: e.code, message: String(e.stack ?? e.message ?? e) });
  }
};
