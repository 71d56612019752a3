// Bundles src/worker.js (cojson + the package's /memory entry) into one ES module for workerd,
// and lays out beside it everything workerd.capnp embeds: the output folder is self-contained.
// Usage: node build.mjs [outDir]   (default ../../target/workerd)

import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBuiltinsExternal, oneCojson, packedPackage } from "./bundling.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? join(here, "../../target/workerd"));
const require = createRequire(import.meta.url);
const coreWasm = join(dirname(require.resolve("cojson-core-wasm/edge-lite")), "public/cojson_core_wasm.wasm");

// The name under which workerd.capnp declares cojson's crypto as a compiled Wasm module.
const CRYPTO_WASM_MODULE = "cojson_core_wasm.wasm";

const workersWasm = {
  name: "workers-wasm",
  setup(build) {
    // cojson's default crypto entry carries its Wasm as base64 and compiles it at run time,
    // which Workers forbid; the edge-lite entry imports it as a module workerd compiles at load.
    // Pointing every import at edge-lite also keeps ~600 KB of base64 out of the bundle.
    build.onResolve({ filter: /^cojson-core-wasm$/ }, (args) =>
      build.resolve("cojson-core-wasm/edge-lite", { kind: args.kind, resolveDir: args.resolveDir }));
    build.onResolve({ filter: /\.wasm\?module$/ }, () => ({ path: CRYPTO_WASM_MODULE, external: true }));
  },
};

mkdirSync(outDir, { recursive: true });
const started = performance.now();
await esbuild.build({
  entryPoints: [join(here, "src/worker.js")],
  outfile: join(outDir, "worker.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  // The conditions wrangler uses, so package exports pick their Workers builds as they would there.
  conditions: ["workerd", "worker", "browser"],
  target: "es2022",
  logLevel: "warning",
  ...packedPackage(outDir),
  ...nodeBuiltinsExternal,
  plugins: [workersWasm, oneCojson],
});
copyFileSync(coreWasm, join(outDir, CRYPTO_WASM_MODULE));
copyFileSync(join(here, "workerd.capnp"), join(outDir, "workerd.capnp"));
console.log(`workerd bundle: worker.js ${statSync(join(outDir, "worker.js")).size} bytes + ` +
  `${CRYPTO_WASM_MODULE} ${statSync(join(outDir, CRYPTO_WASM_MODULE)).size} bytes, ` +
  `built in ${Math.round(performance.now() - started)} ms, in ${outDir}`);
