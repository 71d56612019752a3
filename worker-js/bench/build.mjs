// Bundles src/worker.js (cojson, sqlite-wasm, cojson-storage-indexeddb and this package, imported
// by name) into browser ES modules under worker-js/target/, split so that each engine loads only
// when a workload asks for it (W11 times those imports). The output sits one folder below the
// package, so the engine loader's new URL("../dist/", import.meta.url) finds the package's dist/;
// sqlite-wasm finds its sqlite3.wasm next to its own chunk.

import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, "..");
export const outDir = join(packageDir, "target");

// The package as its "exports" map publishes it (only the entries the bench uses).
const ENTRIES = { "cojson-storage-opfs/worker": "src/entries/worker.js", "cojson-storage-opfs/memory": "src/entries/memory.js" };

const resolveFromBench = {
  name: "bench-resolve",
  setup(build) {
    build.onResolve({ filter: /^cojson-storage-opfs\// }, (args) => {
      const path = ENTRIES[args.path];
      if (!path) return { errors: [{ text: `the bench does not use ${args.path}` }] };
      return { path: join(packageDir, path) };
    });
    // One cojson: the package's glue imports it (a peer dependency) as the bench does.
    build.onResolve({ filter: /^cojson(\/|$)/ }, (args) => (args.resolveDir === join(here, "src")
      ? undefined
      : build.resolve(args.path, { kind: args.kind, resolveDir: join(here, "src") })));
  },
};

export async function buildBench() {
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) {
    if (f.startsWith("bench-")) rmSync(join(outDir, f), { recursive: true });
  }
  await esbuild.build({
    entryPoints: { "bench-worker": join(here, "src", "worker.js") },
    outdir: outDir,
    chunkNames: "bench-chunk-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
    external: ["node:*"],
    plugins: [resolveFromBench],
  });
  copyFileSync(join(here, "node_modules", "@sqlite.org", "sqlite-wasm", "dist", "sqlite3.wasm"), join(outDir, "sqlite3.wasm"));
  return join(outDir, "bench-worker.js");
}
