// The demo page's main thread: the UI, and a tiny request/response channel to the worker that
// owns the store (OPFS sync access handles exist only in workers).

const worker = new Worker(new URL("./demo-worker.js", import.meta.url), { type: "module" });
const pending = new Map();
let nextRequestId = 0;

worker.onmessage = ({ data }) => {
  const request = pending.get(data.id);
  pending.delete(data.id);
  if (data.ok) {
    request.resolve(data.value);
  } else {
    request.reject(Object.assign(new Error(data.message), { code: data.code }));
  }
};

function call(op, args = {}) {
  return new Promise((resolve, reject) => {
    const id = nextRequestId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

const field = (id) => document.getElementById(id).value;
const logElement = document.getElementById("log");

async function run(op, args) {
  try {
    const value = await call(op, args);
    logElement.textContent += `${op}: ${JSON.stringify(value)}\n`;
  } catch (e) {
    logElement.textContent += `${op} failed: ${e.code ?? ""} ${e.message}\n`;
  }
}

const actions = {
  "open-button": () => run("open", { name: field("store-name"), engine: field("engine") }),
  "close-button": () => run("close"),
  "put-button": () => run("put", { key: field("key"), value: field("value") }),
  "get-button": () => run("get", { key: field("key") }),
  "delete-button": () => run("delete", { key: field("key") }),
  "scan-button": () => run("scan"),
  "stats-button": () => run("stats"),
};
for (const [id, action] of Object.entries(actions)) {
  document.getElementById(id).addEventListener("click", action);
}
run("open", { name: field("store-name"), engine: field("engine") });
