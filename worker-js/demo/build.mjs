// Bundles the demo's worker (it imports cojson and the package's /worker entry by name; a
// browser cannot resolve bare imports) into ../target/demo-worker.js, which index.html's demo.js
// starts. Run by scripts/demo.sh after `npm install` here. The bundle sits one folder below the
// package so that the engine loader's ../dist/ is the package's dist/; the package is resolved as
// `npm pack` publishes it, through its "exports" (see ../test/workerd/bundling.mjs).

import * as esbuild from "esbuild";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBuiltinsExternal, packedPackage, packageDir } from "../test/workerd/bundling.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(packageDir, "target", "demo-worker.js");

// One cojson, this folder's: the package's glue imports it too (a peer dependency).
const cojsonFromHere = {
  name: "cojson-from-here",
  setup(build) {
    build.onResolve({ filter: /^cojson(\/|$)/ }, (args) => args.resolveDir === here
      ? undefined
      : build.resolve(args.path, { kind: args.kind, resolveDir: here }));
  },
};

const packed = packedPackage(dirname(outFile));
await esbuild.build({
  entryPoints: [join(here, "demo-worker.js")],
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
console.log(`demo worker bundle: ${outFile} ${statSync(outFile).size} bytes`);
