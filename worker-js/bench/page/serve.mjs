// One origin of the bench: a static server on 127.0.0.1 (a secure context, as OPFS needs) and its
// own ephemeral port, so every scenario's data sits in an origin of its own (estimate() then
// counts that data alone). Served as a deployed app is: the build's hashed files cacheable for a
// year, everything else revalidated (ETag). Nothing is fetched from the network.
//
// `fallbackDist`: where a package's engine files come from when the build did not emit them.
// A package whose worker finds its engine through a URL computed at run time (the Vite build
// warns "doesn't exist at build time") loads /dist/… which no bundler ships; an app would have to
// copy that folder next to its assets by hand. The server does that copy's job and counts the
// requests, so the report says whether the package under test needed it.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".html": "text/html",
  ".json": "application/json", ".map": "application/json", ".css": "text/css",
};

async function fileIn(root, path) {
  const file = normalize(join(root, path));
  if (!file.startsWith(root + sep)) return null;
  try {
    const s = await stat(file);
    return s.isFile() ? { file, s } : null;
  } catch {
    return null;
  }
}

/**
 * Serves `root`; resolves with { url, fallbackHits: [paths], requests, close() }. `requests` logs
 * every request with its arrival time in ms since the epoch (comparable with a page's
 * performance.timeOrigin): when the page or its worker asked for a file, seen from outside.
 */
export function serveOrigin(root, fallbackDist) {
  const fallbackHits = [];
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const entry = { path, at: performance.timeOrigin + performance.now() };
    requests.push(entry);
    res.on("finish", () => { entry.status = res.statusCode; });
    if (path === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    let found = await fileIn(root, path === "/" ? "/index.html" : path);
    if (!found && fallbackDist && path.startsWith("/dist/")) {
      found = await fileIn(fallbackDist, path.slice("/dist".length));
      if (found) fallbackHits.push(path);
    }
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    const etag = `"${found.s.size}-${found.s.mtimeMs}"`;
    const headers = {
      "content-type": TYPES[extname(found.file)] ?? "application/octet-stream",
      "cache-control": path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      etag,
    };
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, headers).end(await readFile(found.file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      fallbackHits,
      requests,
      close: () => new Promise((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
    }));
  });
}
