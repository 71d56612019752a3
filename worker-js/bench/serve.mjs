// A static file server on 127.0.0.1 (a secure context, as OPFS needs) over worker-js/, plus the
// bench page, which hosts the workers. Nothing is fetched from the network.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".html": "text/html",
  ".json": "application/json", ".map": "application/json",
};

// Workers by id: the runner starts a fresh one per workload (and per W11 start-up sample).
const PAGE = `<!doctype html><meta charset="utf-8"><title>bench</title><script type="module">
const workers = new Map();
let next = 0;
window.startWorker = () => new Promise((resolve, reject) => {
  const id = ++next;
  const w = new Worker("/target/bench-worker.js", { type: "module" });
  w.onerror = (e) => reject(new Error("worker failed to start: " + (e.message || e.type)));
  w.onmessage = ({ data }) => { if (data.ready) { workers.set(id, w); resolve(id); } };
});
window.ask = (id, message) => new Promise((resolve, reject) => {
  const w = workers.get(id);
  w.onerror = (e) => reject(new Error("worker error: " + (e.message || e.type)));
  w.onmessage = ({ data }) => data.ok ? resolve(data.result) : reject(new Error(data.error));
  w.postMessage(message);
});
window.stopWorker = (id) => { workers.get(id)?.terminate(); workers.delete(id); };
</script>`;

export function serve(root) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }));
  });
}
