// The demo's dedicated worker: a cojson LocalNode whose storage is this package on one OPFS file
// ("demo-notes"), with the todo list as a CoMap { [key]: { text, done, createdAt } }. The page
// (demo.js) owns the UI and keeps the account's credentials in localStorage (workers have none).
// No sync server: everything lives in the browser, and survives reloads through OPFS alone.
//
// scripts/build-demo.mjs bundles this file (cojson has bare imports) into target/demo-worker.js.
//
// Requests { id, op, args } get { id, ok, value } or { id, ok: false, code, message }:
//   start { account? }   opens the store, loads (or, without an account, creates) the account and
//                        its todo list; answers { account, created }
//   add { text }, edit { key, text }, toggle { key }, remove { key }
//                        one edit each, answered once it is in storage
//   stats                the store's counters and the last storage commit's latency
// and every change of the list is pushed as { todos: [{ key, text, done, createdAt }] }.

import { LocalNode, StorageApiSync } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import { openOpfsStore } from "cojson-storage-opfs/worker";

const STORE_NAME = "demo-notes";

let store;
let node;
let todos;
const commitTiming = { lastMs: null, count: 0 };

// A reloaded page's new worker may start before the old one's sync access handle is released.
async function openRetrying() {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openOpfsStore({ name: STORE_NAME });
    } catch (e) {
      if (e.code !== "LOCKED" || attempt >= 60) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The store's sync client, timing each transaction() (the commit cojson waits for, flush included). */
function timedClient(client) {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      if (property !== "transaction") return value.bind(target);
      return (callback) => {
        const started = performance.now();
        try {
          return target.transaction(callback);
        } finally {
          commitTiming.lastMs = performance.now() - started;
          commitTiming.count++;
        }
      };
    },
  });
}

function publish() {
  const entries = Object.entries(todos.toJSON())
    .filter(([, todo]) => todo !== undefined && todo !== null)
    .map(([key, todo]) => ({ key, ...todo }))
    .sort((a, b) => a.createdAt - b.createdAt);
  postMessage({ todos: entries });
}

async function start({ account }) {
  const crypto = await WasmCrypto.create();
  store = await openRetrying();
  const storage = new StorageApiSync(timedClient(store.client));
  let created = false;
  if (account) {
    node = await LocalNode.withLoadedAccount({
      accountID: account.accountID, accountSecret: account.accountSecret, sessionID: undefined, peers: [], crypto, storage,
    });
    todos = await node.load(account.todosID);
    if (todos === "unavailable") {
      throw Object.assign(new Error(`the todo list ${account.todosID} is not in the OPFS file ${STORE_NAME}`),
        { code: "NOT_FOUND" });
    }
  } else {
    const fresh = await LocalNode.withNewlyCreatedAccount({
      creationProps: { name: "Demo user" }, peers: [], crypto, storage,
    });
    node = fresh.node;
    todos = node.createGroup().createMap();
    await node.syncManager.waitForStorageSync(todos.id);
    account = { accountID: fresh.accountID, accountSecret: fresh.accountSecret, todosID: todos.id };
    created = true;
  }
  todos.subscribe(publish);
  return { account, created };
}

async function edit(change) {
  change();
  await node.syncManager.waitForStorageSync(todos.id);
  return true;
}

const OPS = {
  start,
  add: ({ text }) => edit(() => todos.set(`t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
    { text, done: false, createdAt: Date.now() })),
  edit: ({ key, text }) => edit(() => todos.set(key, { ...todos.get(key), text })),
  toggle: ({ key }) => edit(() => todos.set(key, { ...todos.get(key), done: !todos.get(key).done })),
  remove: ({ key }) => edit(() => todos.delete(key)),
  stats: () => ({ ...store.stats(), lastCommitMs: commitTiming.lastMs, timedCommits: commitTiming.count }),
};

self.onmessage = async ({ data: { id, op, args } }) => {
  try {
    postMessage({ id, ok: true, value: await OPS[op](args ?? {}) });
  } catch (e) {
    postMessage({ id, ok: false, code: e.code, message: String(e.message ?? e) });
  }
};
