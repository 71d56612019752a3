// Serves this package's folder on 127.0.0.1 for the demo: node scripts/serve.mjs [--port N] [--check].
// OPFS needs a secure context, and http://127.0.0.1 is one; .wasm must go out as
// application/wasm for WebAssembly.compileStreaming. Runs until Ctrl-C; with --check it fetches
// the files the demo loads, reports, and stops (exit code 1 if any is missing or mistyped).

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const portArgument = process.argv.indexOf("--port");
const port = portArgument >= 0 ? Number(process.argv[portArgument + 1]) : Number(process.env.PORT ?? 8080);

const contentTypes = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

const server = createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
  if (path === "/") {
    response.writeHead(302, { location: "/demo/" }).end();
    return;
  }
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) {
    response.writeHead(403).end();
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) {
      file = join(file, "index.html");
    }
    const body = await readFile(file);
    response.writeHead(200, {
      "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    }).end(body);
  } catch {
    response.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}\n`);
  }
});

// What the demo page loads, and the type each must be served with.
const demoFiles = [
  ["/demo/", "text/html"],
  ["/target/demo-app.js", "text/javascript"],
  ["/target/owner-worker.js", "text/javascript"],
  ["/dist/wasm-gc/cojson-storage-opfs.wasm-runtime.js", "text/javascript"],
  ["/dist/wasm-gc/cojson-storage-opfs.wasm", "application/wasm"],
  ["/dist/js/cojson-storage-opfs.js", "text/javascript"],
];

async function check(base) {
  let failures = 0;
  for (const [path, type] of demoFiles) {
    const response = await fetch(base + path);
    const served = response.headers.get("content-type") ?? "";
    const ok = response.status === 200 && served.startsWith(type);
    failures += ok ? 0 : 1;
    console.log(`${ok ? "ok  " : "FAIL"} ${path} ${response.status} ${served}`);
  }
  return failures;
}

server.listen(port, "127.0.0.1", async () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  console.log(`cojson-storage-opfs demo: ${base}/demo/`);
  if (process.argv.includes("--check")) {
    const failures = await check(base);
    server.close();
    console.log(failures === 0 ? "The demo's files are served right." : `${failures} file(s) not served right.`);
    process.exitCode = failures === 0 ? 0 : 1;
    return;
  }
  console.log("Press Ctrl-C to stop.");
});

// Stop on Ctrl-C even where the shell started us with SIGINT ignored (a background job).
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => process.exit(0));
}
