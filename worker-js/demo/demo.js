// The demo app: local-first todos on cojson, on the browser's main thread, with
// cojson-storage-opfs's main-thread client as its storage (the drop-in for
// cojson-storage-indexeddb's getIndexedDBStorage). The client starts the package's storage worker,
// which owns the OPFS file "demo-notes" (or routes to the tab whose worker owns it). The list is a
// CoMap { [key]: { text, done, createdAt } }; the account's credentials and the list's id are kept
// in localStorage, so the same account and list come back after a reload. No sync server.
//
// Bare imports: demo/build.mjs bundles this file into target/demo-app.js, and the package's
// storage worker into target/owner-worker.js (as an app's bundler would; it imports nothing by name).

import { LocalNode, StorageApiAsync } from "cojson";
import { WasmCrypto } from "cojson/crypto/WasmCrypto";
import { openOpfsClient } from "cojson-storage-opfs";

const ACCOUNT_KEY = "cojson-storage-opfs-demo-account";
const STORE_NAME = "demo-notes";

const commitTiming = { lastMs: null };
let lastEditMs = null;
let node;
let todos;

/** The client, timing each transaction(): one commit in the storage worker, round trip included. */
function timed(client) {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      if (property !== "transaction") return value.bind(target);
      return async (callback) => {
        const started = performance.now();
        try {
          return await target.transaction(callback);
        } finally {
          commitTiming.lastMs = performance.now() - started;
        }
      };
    },
  });
}

const $ = (id) => document.getElementById(id);

function showStatus(text) {
  $("status").textContent = text;
}

/** One edit, timed from the click until cojson has it in storage. */
async function edit(change) {
  const started = performance.now();
  try {
    change();
    await node.syncManager.waitForStorageSync(todos.id);
    lastEditMs = performance.now() - started;
  } catch (e) {
    showStatus(`The edit failed: ${e.code ?? ""} ${e.message}`);
  }
}

function render() {
  const entries = Object.entries(todos.toJSON())
    .filter(([, todo]) => todo !== undefined && todo !== null)
    .map(([key, todo]) => ({ key, ...todo }))
    .sort((a, b) => a.createdAt - b.createdAt);
  $("todos").replaceChildren(...entries.map(todoItem));
  const open = entries.filter((t) => !t.done).length;
  $("summary").textContent = entries.length === 0 ? "Nothing to do yet." : `${open} open, ${entries.length - open} done`;
}

function todoItem(todo) {
  const item = document.createElement("li");
  item.className = todo.done ? "todo done" : "todo";

  const tick = document.createElement("input");
  tick.type = "checkbox";
  tick.checked = todo.done;
  tick.title = "Done";
  tick.addEventListener("change", () => edit(() => todos.set(todo.key, { ...todos.get(todo.key), done: tick.checked })));

  const text = document.createElement("input");
  text.className = "text";
  text.value = todo.text;
  text.setAttribute("aria-label", "Todo text");
  text.addEventListener("change", () => {
    const value = text.value.trim();
    if (value !== "" && value !== todo.text) edit(() => todos.set(todo.key, { ...todos.get(todo.key), text: value }));
  });

  const remove = document.createElement("button");
  remove.className = "remove";
  remove.textContent = "Delete";
  remove.addEventListener("click", () => edit(() => todos.delete(todo.key)));

  item.append(tick, text, remove);
  return item;
}

$("add-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("new-todo").value.trim();
  if (text === "" || todos === undefined) return;
  $("new-todo").value = "";
  const key = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  edit(() => todos.set(key, { text, done: false, createdAt: Date.now() }));
});

$("forget-button").addEventListener("click", () => {
  localStorage.removeItem(ACCOUNT_KEY);
  showStatus("Forgot the account: reload to start a new one (the old data stays in the OPFS file).");
});

function formatBytes(n) {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

function formatMs(ms) {
  return ms === null ? "–" : `${ms.toFixed(2)} ms`;
}

async function refreshPanel(client) {
  try {
    const s = await client.stats();
    const lookups = s.cacheHits + s.cacheMisses;
    $("stat-engine").textContent = s.engine;
    $("stat-file").textContent = formatBytes(s.fileBytes);
    $("stat-commits").textContent = `${s.commits} (${s.flushes} flushes, ${s.checkpoints} checkpoints)`;
    // Pages changed since the last checkpoint are served from memory and are no cache lookups.
    $("stat-cache").textContent = lookups === 0 ? "0 lookups"
      : `${((100 * s.cacheHits) / lookups).toFixed(1)} % of ${lookups} lookups`;
    $("stat-commit-latency").textContent = formatMs(commitTiming.lastMs);
    $("stat-round-trip").textContent = formatMs(lastEditMs);
  } catch (e) {
    $("stat-engine").textContent = `stats failed: ${e.code ?? ""} ${e.message}`;
  }
}

async function start() {
  const saved = localStorage.getItem(ACCOUNT_KEY);
  const crypto = await WasmCrypto.create();
  const client = await openOpfsClient({ name: STORE_NAME, workerUrl: new URL("./owner-worker.js", import.meta.url) });
  const storage = new StorageApiAsync(timed(client));
  let created = false;
  if (saved) {
    const { accountID, accountSecret, todosID } = JSON.parse(saved);
    node = await LocalNode.withLoadedAccount({ accountID, accountSecret, sessionID: undefined, peers: [], crypto, storage });
    todos = await node.load(todosID);
    if (todos === "unavailable") {
      throw Object.assign(new Error(`the todo list ${todosID} is not in the OPFS file ${STORE_NAME}`), { code: "NOT_FOUND" });
    }
    $("account").textContent = accountID;
  } else {
    const fresh = await LocalNode.withNewlyCreatedAccount({ creationProps: { name: "Demo user" }, peers: [], crypto, storage });
    node = fresh.node;
    todos = node.createGroup().createMap();
    await node.syncManager.waitForStorageSync(todos.id);
    localStorage.setItem(ACCOUNT_KEY,
      JSON.stringify({ accountID: fresh.accountID, accountSecret: fresh.accountSecret, todosID: todos.id }));
    $("account").textContent = fresh.accountID;
    created = true;
  }
  todos.subscribe(render);
  showStatus(created ? "New account created; it is remembered in this browser." : "Account and list loaded from OPFS.");
  document.body.classList.add("ready");
  refreshPanel(client);
  setInterval(() => refreshPanel(client), 1000);
}

start().catch((e) => showStatus(`Could not start: ${e.code ?? ""} ${e.message}`));
