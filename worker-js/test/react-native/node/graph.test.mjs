// The react-native entries' module graphs, read statically with esbuild's metafile (the graph up
// to cojson, which the app brings): no top-level await, no import(), no node: module, no
// import.meta, no WebAssembly and not engines.js, none of which Hermes or Metro can take. The same
// check run on the /memory entry Node gets (and on a fixture with an import()) must find them, so
// the check can fail.

import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const packageDir = join(here, "node_modules", "cojson-storage-opfs");

async function bundle(specifier, conditions, format) {
  return build({
    stdin: { contents: `export * from ${JSON.stringify(specifier)};`, resolveDir: here, loader: "js" },
    bundle: true, write: false, metafile: true, format, platform: "neutral", conditions,
    mainFields: ["react-native", "browser", "main", "module"], external: ["cojson", "node:*"], logLevel: "silent",
  });
}

/** What in the graph of `specifier` (under `conditions`) Hermes or Metro cannot take, in words. */
async function violations(specifier, conditions) {
  const found = [];
  const { metafile, outputFiles } = await bundle(specifier, conditions, "esm");
  for (const [path, input] of Object.entries(metafile.inputs)) {
    if (path === "<stdin>") continue;
    const name = relative(packageDir, join(here, path));
    if (name.endsWith("engines.js")) found.push(`${name} is engines.js`);
    if (name.endsWith(".wasm")) found.push(`${name} is WebAssembly`);
    for (const record of input.imports) {
      if (record.kind === "dynamic-import") found.push(`${name}: import(${record.path})`);
      if (record.path.startsWith("node:")) found.push(`${name}: imports ${record.path}`);
    }
  }
  // The bundled code, without comments (esbuild drops them), must not touch either.
  const code = outputFiles[0].text;
  if (/\bimport\.meta\b/.test(code)) found.push("import.meta");
  if (/\bWebAssembly\b/.test(code)) found.push("WebAssembly");
  // esbuild refuses top-level await in a script (iife) bundle: the graph has some if it refuses.
  try {
    await bundle(specifier, conditions, "iife");
  } catch (error) {
    if (/top-level await/i.test(error.message)) found.push("top-level await");
    else throw error;
  }
  return { found, inputs: Object.keys(metafile.inputs).map((p) => relative(packageDir, join(here, p))) };
}

test("the react-native entry's graph has no top-level await, import(), node:, import.meta, WebAssembly or engines.js",
  async () => {
    const { found, inputs } = await violations("cojson-storage-opfs/react-native", ["react-native"]);
    assert.deepEqual(found, []);
    assert.ok(inputs.includes("src/entries/react-native.js"), inputs.join("\n"));
    assert.ok(inputs.includes("dist/js/cojson-storage-opfs.js"), "the JS build is imported statically");
  });

test("under the react-native condition the package root and /memory lead to Hermes-safe entries", async () => {
  const root = await violations("cojson-storage-opfs", ["react-native"]);
  assert.deepEqual(root.found, []);
  assert.ok(root.inputs.includes("src/entries/react-native.js"), root.inputs.join("\n"));
  const memory = await violations("cojson-storage-opfs/memory", ["react-native"]);
  assert.deepEqual(memory.found, []);
  assert.ok(memory.inputs.includes("src/entries/memory-js.js"), memory.inputs.join("\n"));
});

test("the same check finds engines.js, node:, import.meta, WebAssembly and top-level await in the /memory entry Node gets",
  async () => {
    const { found } = await violations("cojson-storage-opfs/memory", ["node"]);
    for (const expected of [/engines\.js is engines\.js/, /imports node:fs/, /^import\.meta$/, /^WebAssembly$/, /^top-level await$/]) {
      assert.ok(found.some((line) => expected.test(line)), `${expected} in:\n${found.join("\n")}`);
    }
  });

test("the same check finds a dynamic import() (no entry of the package has one any more)", async () => {
  const { found } = await violations("./node/fixtures/dynamic-import.mjs", ["react-native"]);
  assert.ok(found.some((line) => /: import\(.*later\.mjs\)$/.test(line)), found.join("\n"));
});
