// Bundles a test program as Metro bundles a React Native app: Metro 0.87 (what react-native 0.88
// uses), its package "exports" resolution with the "react-native" condition, and
// @react-native/metro-babel-transformer, i.e. @react-native/babel-preset in its default profile,
// which lowers classes and async functions for Hermes. A release build (dev false, not minified so
// failures point at readable code). Headless: no server, no watcher left running.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const Metro = require("metro");
const { getDefaultConfig, mergeConfig } = require("metro-config");
const { FileStore } = require("metro-cache");

const here = dirname(fileURLToPath(import.meta.url));

/** Bundles each { entry, out } in turn (transforms cached in target/metro-cache); resolves with the ms taken. */
export async function bundleWithMetro(bundles) {
  const defaults = await getDefaultConfig(here);
  const config = mergeConfig(defaults, {
    projectRoot: here,
    watchFolders: [here],
    cacheStores: [new FileStore({ root: join(here, "target", "metro-cache") })],
    maxWorkers: 1,
    // As @react-native/metro-config 0.88 sets them; Metro itself adds "import" or "require" (by
    // how a module is imported) and "default".
    resolver: {
      resolverMainFields: ["react-native", "browser", "main"],
      platforms: ["android", "ios"],
      unstable_enablePackageExports: true,
      unstable_conditionNames: ["react-native"],
      // Not crawling the binaries in node_modules (the Hermes VMs, esbuild) saves most of the time.
      blockList: [/node_modules[/\\](hermes-engine-cli|hermes-compiler|@esbuild|esbuild|cojson-core-rn|cojson-core-napi)[/\\].*/,
        /[/\\]target[/\\].*/],
    },
    transformer: {
      allowOptionalDependencies: true,
      babelTransformerPath: require.resolve("@react-native/metro-babel-transformer"),
      asyncRequireModulePath: require.resolve("metro-runtime/src/modules/asyncRequire"),
      getTransformOptions: async () => ({ transform: { experimentalImportSupport: false, inlineRequires: true } }),
    },
    serializer: {
      getPolyfills: () => [join(here, "app", "polyfills.js")],
      getModulesRunBeforeMainModule: () => [],
    },
    watcher: { healthCheck: { enabled: false } },
    reporter: { update() {} },
  });
  const started = Date.now();
  for (const { entry, out } of bundles) {
    await Metro.runBuild(config, { entry, out, platform: "android", dev: false, minify: false, sourceMap: false });
  }
  return Date.now() - started;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [entry, out] = process.argv.slice(2);
  console.log(`bundled ${entry} → ${out} in ${await bundleWithMetro([{ entry, out }])} ms`);
}
