// Bundles a worker script of test-web's Chromium tests (cojson and the package's /worker entry
// imported by name) into one browser ES module: cojson is ESM with bare imports, which a browser
// cannot resolve. Usage: node build-browser.mjs <entry.js> <outFile.js>
//
// The package's engine loader finds the TeaVM builds at new URL("../dist/", import.meta.url), which
// esbuild leaves as it is: the output must sit one folder below the package (e.g. target/), so
// that the bundle's own URL leads to dist/ as the unbundled src/engines.js's does.

import * as esbuild from "esbuild";
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { nodeBuiltinsExternal, oneCojson, packedPackage, packageDir } from "./bundling.mjs";

const [entry, outFile] = process.argv.slice(2).map((path) => resolve(path));
if (!entry || !outFile) {
  console.error("usage: node build-browser.mjs <entry.js> <outFile.js>");
  process.exit(2);
}
if (resolve(dirname(outFile), "..") !== packageDir) {
  console.error(`the bundle must sit one folder below ${packageDir}, so that ../dist/ is the package's dist/`);
  process.exit(2);
}

const started = performance.now();
await esbuild.build({
  entryPoints: [entry],
  outfile: outFile,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  logLevel: "warning",
  ...packedPackage(dirname(outFile)),
  ...nodeBuiltinsExternal,
  plugins: [oneCojson],
});
console.log(`browser bundle: ${outFile} ${statSync(outFile).size} bytes, built in ${Math.round(performance.now() - started)} ms`);
