// Runs cojson's own storage tests, straight from its npm tarball (node_modules/cojson/src/tests),
// against cojson-storage-opfs. Nothing in node_modules is edited: a resolver plugin swaps the
// SQLite storage that cojson's testStorage.ts builds for ours, for imports made by that file only.
// CONFORMANCE_STORAGE=sqlite runs the same tests on cojson's own SQLite storage (the reference).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { EXCLUDED_TESTS, STORAGE_TEST_FILES } from "./storageTests.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const cojsonDir = join(here, "node_modules", "cojson");
const cojsonTestsDir = join(cojsonDir, "src", "tests");
const testStorageFile = join(cojsonTestsDir, "testStorage.ts");
const packageDir = resolve(here, "..", "..");
const storage = process.env.CONFORMANCE_STORAGE ?? "opfs";
if (storage !== "opfs" && storage !== "sqlite") {
  throw new Error(`CONFORMANCE_STORAGE must be "opfs" or "sqlite", not "${storage}"`);
}

// What testStorage.ts imports to build SQLite storage, and what it gets instead.
const SWAPS = {
  libsql: join(here, "swap", "pathOnlyDatabase.mjs"),
  "../storage/sqlite": join(here, "swap", "opfsStorageSync.mjs"),
  "../storage/sqliteAsync": join(here, "swap", "opfsStorageAsync.mjs"),
  "node:fs": join(here, "swap", "releasingFs.mjs"),
};

function pathOf(id) {
  return id.split("?")[0];
}

// "cojson-storage-opfs/node" → the file its package.json "exports" names, read at startup so the
// harness follows the package without installing it.
function resolvePackageEntry(source) {
  const { exports } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const key = source === "cojson-storage-opfs" ? "." : `.${source.slice("cojson-storage-opfs".length)}`;
  let target = exports?.[key];
  while (target && typeof target === "object") {
    target = target.node ?? target.import ?? target.default;
  }
  if (typeof target !== "string") {
    throw new Error(`conformance harness: cojson-storage-opfs exports no "${key}" entry yet`);
  }
  return join(packageDir, target);
}

function storageSwap() {
  return {
    name: "cojson-storage-opfs-conformance",
    enforce: "pre",
    // Fail loudly if a new cojson changes the imports the swap relies on.
    transform(code, id) {
      if (storage !== "opfs" || pathOf(id) !== testStorageFile) return null;
      for (const source of Object.keys(SWAPS)) {
        if (!code.includes(`from "${source}"`)) {
          throw new Error(`conformance harness: testStorage.ts no longer imports "${source}"`);
        }
      }
      return null;
    },
    resolveId(source, importer) {
      if (source === "cojson-storage-opfs" || source.startsWith("cojson-storage-opfs/")) {
        return resolvePackageEntry(source);
      }
      // Our package imports "cojson" by name; it must be the very copy the tests run (its
      // sources), or settings the tests change (cojsonInternals...) would not reach it.
      if (source === "cojson" && importer && !pathOf(importer).startsWith(cojsonDir)) {
        return join(cojsonDir, "src", "index.ts");
      }
      if (storage === "opfs" && importer && pathOf(importer) === testStorageFile && SWAPS[source]) {
        return SWAPS[source];
      }
      return null;
    },
  };
}

// Excluded tests are skipped by name (vitest matches the name after its describe blocks').
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
const excludedNames = EXCLUDED_TESTS.map((test) => escapeRegExp(test.name)).join("|");

export default defineConfig({
  plugins: [storageSwap()],
  test: {
    // cojson's files where the tarball put them, plus (on our storage) ours/: our SQL-free forms
    // of the tests excluded in storageTests.mjs.
    include: [
      ...STORAGE_TEST_FILES.map((file) => `node_modules/cojson/src/tests/${file}`),
      ...(storage === "opfs" ? ["ours/*.test.mjs"] : []),
    ],
    exclude: [],
    testNamePattern: excludedNames ? new RegExp(`^(?!.*(?:${excludedNames})$)`) : undefined,
    setupFiles: [join(here, "setup", "promiseWithResolvers.mjs"), join(cojsonTestsDir, "setup.ts")],
    // One file at a time: several of cojson's tests snapshot message orders that shift when
    // two files compete for the 2 cores (seen on SQLite too, in sync.mesh.test.ts).
    pool: "forks",
    fileParallelism: false,
    // cojson's default 5 s is tight on a 2-core CI machine running other builds: its "resumed in
    // batches" test took 6.9 s on SQLite there. Time limits here guard against hangs, nothing else.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
