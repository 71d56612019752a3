// The soak's worker: a cojson LocalNode whose only storage is the package's /worker entry (an OPFS
// file), doing a seeded random workload until the page terminates it or it closes by itself.
//   { op: "session", name, engine, seed, account?, coValues: [{id, kind}], closeAfterOps? }
//     loads the account (or creates one: posts { account }), loads the coValues, then loops:
//     now and then creates a CoMap or CoList in a new group (posts { created: {id, kind} } once
//     it is in storage), otherwise sets a fresh key of a CoMap or appends to a CoList, one cojson
//     transaction each. Each time the storage client's transaction() returns it posts
//     { acked: [[coValueID, token], ...] }: those writes must survive any crash. With
//     closeAfterOps it stops after that many edits, shuts the node down, closes the store and
//     answers { closed: true }.
//   { op: "check", name, engine, account, coValues }  loads every coValue from OPFS alone and
//     answers { tokens: {id: [token, ...]}, stats } after store.verify().
// A token is "t<seed>_<n>": a CoMap key (value: n) or a CoList item.
// Bundled by CojsonBrowserBundle into /pkg/target/soak-worker.js.

import { LocalNode, StorageApiSync } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import { openOpfsStore } from "cojson-storage-opfs/worker";

const cryptoReady = WasmCrypto.create();
const TOKEN = /^t\d+_\d+$/;

// A terminated worker's sync access handle is released a moment later: retry LOCKED for a while.
async function openRetrying(name, engine) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openOpfsStore({ name, engine });
    } catch (e) {
      if (e.code !== "LOCKED" || attempt >= 200) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Mulberry32: a small seeded PRNG, so a soak run can be replayed from its seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The store's sync client, except that each transaction() that returns posts the tokens its
 * callback wrote, with the coValue each went to (known from the rowID of its session update).
 */
function acknowledgingClient(client) {
  const idByRow = new Map();
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (property === "upsertCoValue") {
        return (id, header) => {
          const rowID = target.upsertCoValue(id, header);
          if (rowID !== undefined) idByRow.set(rowID, id);
          return rowID;
        };
      }
      if (property !== "transaction") return typeof value === "function" ? value.bind(target) : value;
      return (callback) => {
        const acked = [];
        let coValueID;
        const result = target.transaction((tx) => callback(new Proxy(tx, {
          get(txTarget, txProperty) {
            const txValue = Reflect.get(txTarget, txProperty);
            if (txProperty === "addSessionUpdate") {
              return (update) => {
                coValueID = idByRow.get(update.sessionUpdate.coValue);
                return txValue.call(txTarget, update);
              };
            }
            if (txProperty !== "addTransaction") return typeof txValue === "function" ? txValue.bind(txTarget) : txValue;
            return (sessionRowID, idx, transaction) => {
              if (transaction.privacy === "trusting" && coValueID !== undefined) {
                for (const change of JSON.parse(transaction.changes)) {
                  for (const field of [change.key, change.value]) {
                    if (typeof field === "string" && TOKEN.test(field)) acked.push([coValueID, field]);
                  }
                }
              }
              return txValue.call(txTarget, sessionRowID, idx, transaction);
            };
          },
        })));
        if (acked.length > 0) postMessage({ ok: true, acked });
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

async function node(request, store, crypto) {
  const storage = new StorageApiSync(acknowledgingClient(store.client));
  if (request.account) {
    const { accountID, accountSecret } = request.account;
    return LocalNode.withLoadedAccount({ accountID, accountSecret, sessionID: undefined, peers: [], crypto, storage });
  }
  const created = await LocalNode.withNewlyCreatedAccount({ creationProps: { name: "soak" }, crypto, peers: [], storage });
  await created.node.syncManager.waitForStorageSync(created.accountID);
  postMessage({ ok: true, account: { accountID: created.accountID, accountSecret: created.accountSecret } });
  return created.node;
}

async function session(request, store, crypto) {
  const random = prng(request.seed);
  const local = await node(request, store, crypto);
  const coValues = [];
  for (const { id } of request.coValues) {
    const content = await local.load(id);
    if (content !== "unavailable") coValues.push(content);
  }
  let group = null;
  let n = 0;
  for (let edits = 0; request.closeAfterOps === undefined || edits < request.closeAfterOps; edits++) {
    if (coValues.length === 0 || random() < 0.03) {
      group ??= local.createGroup();
      const kind = random() < 0.5 ? "map" : "list";
      const content = kind === "map" ? group.createMap() : group.createList();
      await local.syncManager.waitForStorageSync(content.id);
      postMessage({ ok: true, created: { id: content.id, kind } });
      coValues.push(content);
    }
    const target = coValues[Math.floor(random() * coValues.length)];
    const token = `t${request.seed}_${n++}`;
    if (target.type === "comap") {
      target.set(token, n, "trusting");
    } else {
      target.append(token, undefined, "trusting");
    }
    // Local edits are batched per task: yielding makes each its own storage transaction, and
    // sometimes not yielding batches a few, as an app's bursts do.
    if (random() < 0.8) await nextTask();
  }
  await local.gracefulShutdown();
  return { closed: true };
}

const transactionCount = (knownState) => Object.values(knownState.sessions).reduce((a, b) => a + b, 0);

async function check(request, store, crypto) {
  const { accountID, accountSecret } = request.account;
  const local = await LocalNode.withLoadedAccount({
    accountID, accountSecret, sessionID: undefined, peers: [], crypto, storage: new StorageApiSync(store.client),
  });
  const tokens = {};
  for (const { id, kind } of request.coValues) {
    const content = await local.load(id);
    if (content === "unavailable") {
      tokens[id] = "unavailable";
      continue;
    }
    const stored = store.client.getCoValueKnownState(id);
    const deadline = performance.now() + 60000;
    while (transactionCount(content.core.knownState()) < transactionCount(stored)) {
      if (performance.now() > deadline) throw new Error(`${id} did not finish streaming in from storage`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const latest = local.expectCoValueLoaded(id).getCurrentContent();
    tokens[id] = kind === "map" ? Object.keys(latest.toJSON()) : latest.toJSON();
  }
  await local.gracefulShutdown();
  store.verify();
  return { tokens };
}

const OPS = { session, check };

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
