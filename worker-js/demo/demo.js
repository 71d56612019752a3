// The demo's page: the todo list UI and the storage panel. cojson and the store run in a
// dedicated worker (OPFS sync access handles exist only there); this page talks to it with small
// request/response messages and keeps the account's credentials in localStorage, so the same
// account and list come back after a reload.

const ACCOUNT_KEY = "cojson-storage-opfs-demo-account";

const worker = new Worker(new URL("../target/demo-worker.js", import.meta.url), { type: "module" });
const pending = new Map();
let nextRequestId = 0;
let lastRoundTripMs = null;

worker.onmessage = ({ data }) => {
  if (data.todos) {
    render(data.todos);
    return;
  }
  const request = pending.get(data.id);
  pending.delete(data.id);
  if (data.ok) {
    request.resolve(data.value);
  } else {
    request.reject(Object.assign(new Error(data.message), { code: data.code }));
  }
};
worker.onerror = (event) => showStatus(`The worker failed to start: ${event.message ?? "could not load"}`);

function call(op, args = {}) {
  return new Promise((resolve, reject) => {
    const id = nextRequestId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

/** An edit, timed from the click until the worker says it is stored (the round trip a user waits for). */
async function edit(op, args) {
  const started = performance.now();
  try {
    await call(op, args);
    lastRoundTripMs = performance.now() - started;
  } catch (e) {
    showStatus(`${op} failed: ${e.code ?? ""} ${e.message}`);
  }
}

const $ = (id) => document.getElementById(id);

function showStatus(text) {
  $("status").textContent = text;
}

function render(todos) {
  const list = $("todos");
  list.replaceChildren(...todos.map(todoItem));
  const open = todos.filter((t) => !t.done).length;
  $("summary").textContent = todos.length === 0 ? "Nothing to do yet." : `${open} open, ${todos.length - open} done`;
}

function todoItem(todo) {
  const item = document.createElement("li");
  item.className = todo.done ? "todo done" : "todo";
  item.dataset.key = todo.key;

  const tick = document.createElement("input");
  tick.type = "checkbox";
  tick.checked = todo.done;
  tick.title = "Done";
  tick.addEventListener("change", () => edit("toggle", { key: todo.key }));

  const text = document.createElement("input");
  text.className = "text";
  text.value = todo.text;
  text.setAttribute("aria-label", "Todo text");
  text.addEventListener("change", () => {
    const value = text.value.trim();
    if (value !== "" && value !== todo.text) edit("edit", { key: todo.key, text: value });
  });

  const remove = document.createElement("button");
  remove.className = "remove";
  remove.textContent = "Delete";
  remove.addEventListener("click", () => edit("remove", { key: todo.key }));

  item.append(tick, text, remove);
  return item;
}

$("add-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("new-todo").value.trim();
  if (text === "") return;
  $("new-todo").value = "";
  edit("add", { text });
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

async function refreshPanel() {
  try {
    const s = await call("stats");
    const lookups = s.cacheHits + s.cacheMisses;
    $("stat-engine").textContent = s.engine;
    $("stat-file").textContent = formatBytes(s.fileBytes);
    $("stat-commits").textContent = `${s.commits} (${s.flushes} flushes, ${s.checkpoints} checkpoints)`;
    // Pages changed since the last checkpoint are served from memory and are no cache lookups.
    $("stat-cache").textContent = lookups === 0 ? "0 lookups"
      : `${((100 * s.cacheHits) / lookups).toFixed(1)} % of ${lookups} lookups`;
    $("stat-commit-latency").textContent = formatMs(s.lastCommitMs);
    $("stat-round-trip").textContent = formatMs(lastRoundTripMs);
  } catch (e) {
    $("stat-engine").textContent = `stats failed: ${e.code ?? ""} ${e.message}`;
  }
}

async function start() {
  const saved = localStorage.getItem(ACCOUNT_KEY);
  try {
    const { account, created } = await call("start", { account: saved ? JSON.parse(saved) : null });
    localStorage.setItem(ACCOUNT_KEY, JSON.stringify(account));
    $("account").textContent = account.accountID;
    showStatus(created ? "New account created; it is remembered in this browser." : "Account and list loaded from OPFS.");
    document.body.classList.add("ready");
    refreshPanel();
    setInterval(refreshPanel, 1000);
  } catch (e) {
    showStatus(e.code === "LOCKED"
      ? "The demo is open in another tab: its worker holds the OPFS file. Close that tab and reload."
      : `Could not start: ${e.code ?? ""} ${e.message}`);
  }
}

start();
