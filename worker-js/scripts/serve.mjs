// Serves this package's folder on 127.0.0.1 for the demo: node scripts/serve.mjs [--port N].
// OPFS needs a secure context, and http://127.0.0.1 is one; .wasm must go out as
// application/wasm for WebAssembly.compileStreaming. Runs until Ctrl-C.

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

server.listen(port, "127.0.0.1", () => {
  console.log(`cojson-storage-opfs demo: http://127.0.0.1:${server.address().port}/demo/`);
  console.log("Press Ctrl-C to stop.");
});
