// What both bundles (workerd's and the browser tests') need from esbuild beyond --bundle:
// the package resolved by its name through its own "exports", and one copy of cojson.

import { mkdirSync, symlinkSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const packageDir = resolve(here, "../..");

/**
 * Makes `cojson-storage-opfs` resolvable by name: a node_modules folder under linkRoot links the
 * name to this checkout, and esbuild searches it last (nodePaths). Not a dependency in
 * package.json, whose lock would go stale with every change to the package's manifest.
 * Returns the esbuild options to spread.
 */
export function packageByName(linkRoot) {
  const linkDir = join(linkRoot, "node_modules");
  mkdirSync(linkDir, { recursive: true });
  const link = join(linkDir, "cojson-storage-opfs");
  try {
    unlinkSync(link); // the link from an earlier build (unlink never follows it into the package)
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
  symlinkSync(packageDir, link, "dir");
  return { nodePaths: [join(here, "node_modules"), linkDir] };
}

/**
 * One cojson in the bundle: the package's glue imports cojson (a peer dependency) from the
 * checkout's own node_modules, the test code from ours; two copies would mean two module
 * states (cojson's config, logger) where an app has one.
 */
export const oneCojson = {
  name: "one-cojson",
  setup(build) {
    build.onResolve({ filter: /^cojson(\/|$)/ }, (args) => args.resolveDir === here
        ? undefined
        : build.resolve(args.path, { kind: args.kind, resolveDir: here }));
  },
};

/**
 * The package's engine loader has a Node-only branch that imports node:fs/promises at run time;
 * neither workerd nor a browser ever takes it, so it stays an import the bundle never runs.
 */
export const nodeBuiltinsExternal = { external: ["node:*"] };
