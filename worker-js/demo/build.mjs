// Bundles the demo app for the browser (cojson and the package are imported by name, which a
// browser cannot resolve): demo.js into ../target/demo-app.js, and the package's storage worker
// (src/owner/owner-worker.js, which openOpfsClient starts; it imports nothing by name and would run
// unbundled too) into ../target/owner-worker.js, as an app's bundler bundles the worker its code starts. Run
// by scripts/demo.sh after `npm install` here. The bundles sit one folder below the package so
// that the engine loader's ../dist/ is the package's dist/; the package is resolved as `npm pack`
// publishes it, through its "exports" (see ../test/workerd/bundling.mjs).

import * as esbuild from "esbuild";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBuiltinsExternal, packedPackage, packageDir } from "../test/workerd/bundling.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(packageDir, "target");

// One cojson, this folder's: the package's glue imports it too (a peer dependency).
const cojsonFromHere = {
  name: "cojson-from-here",
  setup(build) {
    build.onResolve({ filter: /^cojson(\/|$)/ }, (args) => args.resolveDir === here
      ? undefined
      : build.resolve(args.path, { kind: args.kind, resolveDir: here }));
  },
};

const packed = packedPackage(target);
const bundles = [
  [join(here, "demo.js"), join(target, "demo-app.js")],
  [join(target, "node_modules", "cojson-storage-opfs", "src", "owner", "owner-worker.js"), join(target, "owner-worker.js")],
];
for (const [entry, outfile] of bundles) {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
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
  console.log(`demo bundle: ${outfile} ${statSync(outfile).size} bytes`);
}
