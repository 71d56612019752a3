// Bundles a worker script of test-web's migration test (which imports cojson,
// cojson-storage-indexeddb and the package's /worker entry by name) into one browser ES module.
// Usage: node build-browser.mjs <entry.js> <outFile.js>; the output must sit one folder below the
// package (e.g. worker-js/target/) so that the engine loader's ../dist/ is the package's dist/.
// The package comes as `npm pack` publishes it (see ../workerd/bundling.mjs); cojson from this
// project only, for the package's glue too, so the bundle holds one cojson as an app's would.

import * as esbuild from "esbuild";
import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBuiltinsExternal, packedPackage, packageDir } from "../workerd/bundling.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const [entry, outFile] = process.argv.slice(2).map((path) => resolve(path));
if (!entry || !outFile) {
  console.error("usage: node build-browser.mjs <entry.js> <outFile.js>");
  process.exit(2);
}
if (resolve(dirname(outFile), "..") !== packageDir) {
  console.error(`the bundle must sit one folder below ${packageDir}, so that ../dist/ is the package's dist/`);
  process.exit(2);
}

const cojsonFromHere = {
  name: "cojson-from-here",
  setup(build) {
    build.onResolve({ filter: /^cojson(\/|$)/ }, (args) => args.resolveDir === here
      ? undefined
      : build.resolve(args.path, { kind: args.kind, resolveDir: here }));
  },
};

const started = performance.now();
const packed = packedPackage(dirname(outFile));
await esbuild.build({
  entryPoints: [entry],
  outfile: outFile,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  logLevel: "warning",
  ...packed,
  nodePaths: [join(here, "node_modules"), ...packed.nodePaths.slice(1)],
  ...nodeBuiltinsExternal,
  plugins: [cojsonFromHere],
});
console.log(`browser bundle: ${outFile} ${statSync(outFile).size} bytes, built in ${Math.round(performance.now() - started)} ms`);
