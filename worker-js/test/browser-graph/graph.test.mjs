// The package's browser module graph, checked statically with esbuild's metafile, so that every
// app bundler ships it without configuration and it runs unbundled (README, "Bundlers"):
//   - no node: import and no import() at all in any entry a browser bundler resolves (the
//     "browser" export condition), so webpack 5 never meets a node: scheme, and a dedicated worker
//     bundled without code splitting (Vite 7's default worker.format "iife") builds;
//   - the storage workers (src/owner/owner-worker*.js) import nothing by bare name (no cojson),
//     have no top-level await, and bundle as an iife;
//   - every `new URL(…, import.meta.url)` in the browser graph has a literal first argument, the
//     form Vite, Rollup and webpack 5 follow to emit the file (the .wasm, the worker scripts).
// Broken on purpose to see them fail: a worker importing cojson, engines loaded by a computed URL,
// `import("node:fs/promises")` in the browser graph (the TeaVM loader before its patch).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

// What a browser bundler resolves: esbuild's, Vite's and webpack 5's conditions for the web.
const BROWSER_CONDITIONS = ["browser", "import", "module", "default"];
const WORKERS = ["src/owner/owner-worker.js", "src/owner/owner-worker-js.js"];

/** The file an `exports` entry leads to under `conditions` (the package's own map: objects of conditions or strings). */
function target(entry, conditions) {
  let value = manifest.exports[entry];
  while (typeof value === "object") {
    const key = Object.keys(value).find((condition) => conditions.includes(condition));
    assert.ok(key, `${entry} has a target for ${conditions.join(", ")}`);
    value = value[key];
  }
  return join(packageDir, value);
}

const browserEntries = Object.keys(manifest.exports).filter((entry) => !entry.includes("*"))
  .map((entry) => ({ entry, file: target(entry, BROWSER_CONDITIONS) }));

/** Bundles `file` as a browser bundler would; cojson stays external (the app's own peer dependency). */
async function graph(file, { format = "esm", external = ["cojson", "cojson/*"] } = {}) {
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    format,
    platform: "browser",
    conditions: BROWSER_CONDITIONS,
    target: "es2022",
    outdir: "out",
    external,
    logLevel: "silent",
  }).catch((error) => {
    // e.g. a node: import, which esbuild cannot resolve for the browser platform
    const where = (message) => message.location ? `${message.location.file}:${message.location.line}: ` : "";
    throw new Error(`${relative(packageDir, file)} does not bundle for a browser: `
      + (error.errors ?? []).map((message) => where(message) + message.text).join("; "), { cause: error });
  });
  const inputs = Object.entries(result.metafile.inputs).map(([path, input]) => ({ path, ...input }));
  return { inputs, text: result.outputFiles.map((output) => output.text).join("\n") };
}

for (const { entry, file } of browserEntries) {
  test(`the browser graph of ${entry} has no node: import and no import()`, async () => {
    const { inputs, text } = await graph(file);
    for (const input of inputs) {
      for (const imported of input.imports) {
        assert.ok(!imported.path.startsWith("node:"), `${input.path} imports ${imported.path}`);
        assert.notEqual(imported.kind, "dynamic-import", `${input.path} has import("${imported.path}")`);
      }
    }
    // A computed import() is not in the metafile: esbuild leaves it in the output as it is.
    assert.doesNotMatch(text, /\bimport\s*\(/, `${entry}'s bundle keeps an import() esbuild could not follow`);
  });
}

for (const worker of WORKERS) {
  test(`the storage worker ${worker} imports nothing by bare name and bundles as an iife`, async () => {
    // No externals: a bare import would have to resolve from the package's folder, where cojson is not installed.
    const { inputs } = await graph(join(packageDir, worker), { format: "iife", external: [] });
    for (const input of inputs) {
      const path = relative(packageDir, resolve(input.path));
      assert.match(path, /^(src|dist)\//, `the worker's graph holds ${input.path}, outside the package's src/ and dist/`);
    }
    assert.ok(inputs.some((input) => input.path.endsWith("ownership.js")), "the graph is the worker's");
  });
}

test("every new URL(…, import.meta.url) in the browser graph has a literal path to a published file", async () => {
  const files = new Set();
  for (const { file } of browserEntries) {
    for (const input of (await graph(file)).inputs) files.add(resolve(input.path));
  }
  for (const worker of WORKERS) {
    for (const input of (await graph(join(packageDir, worker), { external: [] })).inputs) files.add(resolve(input.path));
  }
  let literals = 0;
  for (const file of files) {
    // Comments may show the form; only code counts.
    const source = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    // URLs relative to the module (assets); other URLs (e.g. relative to the page) are not files to ship.
    for (const match of source.matchAll(/new URL\(([^)]*import\.meta\.url[^)]*)\)/g)) {
      const literal = /^\s*"([^"]+)",\s*import\.meta\.url\s*$/.exec(match[1]);
      assert.ok(literal, `${relative(packageDir, file)}: new URL(${match[1]}) is not new URL("<literal>", import.meta.url)`);
      const named = resolve(dirname(file), literal[1]);
      assert.ok(manifest.files.some((published) => relative(packageDir, named).startsWith(published)),
        `${relative(packageDir, file)} names ${literal[1]}, which the package does not publish`);
      readFileSync(named); // exists
      literals++;
    }
  }
  // The .wasm (wasmGcBuild.js) and the two worker scripts (ownerWorker.js).
  assert.ok(literals >= 3, `found ${literals} new URL literals`);
});
