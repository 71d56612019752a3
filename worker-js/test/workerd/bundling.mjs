// What both bundles (workerd's and the browser tests') need from esbuild beyond --bundle:
// the package as packed, resolved by its name through its own "exports", and one copy of cojson.

import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, rmSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const packageDir = resolve(here, "../..");

/**
 * Makes `cojson-storage-opfs` resolvable by name as a user gets it: `npm pack` (so only the
 * published files count), unpacked into node_modules under workDir, which esbuild searches last
 * (nodePaths); esbuild then resolves the entries through the package's own "exports". Not a
 * dependency in package.json, whose lock would go stale with every change to the package's
 * manifest. Returns the esbuild options to spread.
 */
export function packedPackage(workDir) {
  const modules = join(workDir, "node_modules");
  const unpacked = join(modules, "cojson-storage-opfs");
  removeWithoutFollowing(unpacked);
  mkdirSync(unpacked, { recursive: true });
  const [{ filename }] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", workDir],
      { cwd: packageDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
  execFileSync("tar", ["-xzf", join(workDir, filename), "-C", unpacked, "--strip-components=1"]);
  return { nodePaths: [join(here, "node_modules"), modules] };
}

/** Deletes path; a symbolic link (earlier builds linked the checkout here) is unlinked, never followed. */
function removeWithoutFollowing(path) {
  let stats;
  try {
    stats = lstatSync(path);
  } catch (e) {
    if (e.code === "ENOENT") return;
    throw e;
  }
  if (stats.isSymbolicLink()) {
    unlinkSync(path);
  } else {
    rmSync(path, { recursive: true });
  }
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
