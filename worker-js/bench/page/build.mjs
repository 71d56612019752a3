// Builds the app (app/) once per variant with Vite, as a Jazz app is built: a production build,
// Vite's defaults, the storage's package resolved by its name through its own "exports". The
// variants differ only in the module behind `bench:storage` (app/storage-indexeddb.js or
// app/storage-opfs.js) and, for ours, in which cojson-storage-opfs the build sees: a package
// folder (packed with `npm pack`, so only the published files count) or a tarball.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build, createLogger } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
const appDir = join(here, "app");
// Work folders go under here, so that the staged package resolves `cojson` (its peer) to this
// folder's copy, as an app's dependency resolves its peer to the app's.
export const targetDir = join(here, "target");

/**
 * Unpacks the package under test into workDir (a folder under targetDir), where the build
 * resolves it: `source` is a package folder
 * (worker-js/ with its dist/ built) or a tarball of `npm pack`. Returns the staging folder,
 * whose node_modules/cojson-storage-opfs is that package.
 */
export function stagePackage(workDir, label, source) {
  const staging = join(workDir, `package-${label}`);
  const unpacked = join(staging, "node_modules", "cojson-storage-opfs");
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(unpacked, { recursive: true });
  let tarball = source;
  if (statSync(source).isDirectory()) {
    if (!existsSync(join(source, "dist", "wasm-gc")) || !existsSync(join(source, "dist", "js"))) {
      throw new Error(`${source} has no built dist/: build the package first `
        + "(mvn -B -ntp -q -DskipTests -Dnpm.test.skip=true package -pl worker-js -am)");
    }
    const [{ filename }] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", staging],
      { cwd: source, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
    tarball = join(staging, filename);
  }
  execFileSync("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"]);
  return staging;
}

/** True when the staged package exports "./preload" (an entry an app imports first). */
export function hasPreload(staging) {
  const manifest = JSON.parse(readFileSync(join(staging, "node_modules", "cojson-storage-opfs", "package.json"), "utf8"));
  return typeof manifest.exports === "object" && manifest.exports !== null && "./preload" in manifest.exports;
}

const PRELOAD = "\0bench:preload";

/**
 * The plugin that makes the variant: which storage module, where the package is found, and what
 * the app imports first (bench:preload: for ours, the worker probe and the package's preload
 * entry where it has one; for IndexedDB, nothing).
 */
function benchStorage(kind, staging) {
  return {
    name: "bench-storage",
    enforce: "pre",
    load(id) {
      if (id !== PRELOAD) return undefined;
      if (kind !== "opfs") return "export {};";
      return `import ${JSON.stringify(join(appDir, "worker-probe.js"))};\n${hasPreload(staging) ? 'import "cojson-storage-opfs/preload";\n' : ""}`;
    },
    async resolveId(source, importer, options) {
      if (source === "bench:preload") return PRELOAD;
      if (source === "bench:storage") return join(appDir, `storage-${kind}.js`);
      if (staging && (source === "cojson-storage-opfs" || source.startsWith("cojson-storage-opfs/"))) {
        // Resolved as from a module beside the staged node_modules: Vite applies the package's
        // "exports" with its own conditions, as in an app that depends on it.
        return this.resolve(source, join(staging, "app.js"), { ...options, skipSelf: true });
      }
      return undefined;
    },
  };
}

/**
 * Builds one variant into <workDir>/app-<id>/; `staging` is stagePackage's folder for ours.
 * Returns { outDir, files: [{ path, bytes }], warnings: [the build's warnings] }: they say,
 * e.g., which of the package's files the bundler could not see.
 */
export async function buildVariant(workDir, id, kind, staging) {
  const outDir = join(workDir, `app-${id}`);
  const warnings = [];
  const logger = createLogger("warn");
  logger.warn = (message) => {
    // Rolldown's note on how long plugins took says nothing about the package.
    if (!message.includes("[PLUGIN_TIMINGS]")) warnings.push(message.trim());
  };
  logger.warnOnce = logger.warn;
  logger.info = () => undefined;
  await build({
    configFile: false,
    root: appDir,
    base: "/",
    customLogger: logger,
    clearScreen: false,
    // cojson with its crypto is ~0.8 MB in one chunk, as in any Jazz app: not worth a warning.
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 4096 },
    plugins: [benchStorage(kind, staging)],
  });
  return { outDir, files: listFiles(outDir), warnings: [...new Set(warnings)] };
}

function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    out.push({ path: `/${relative(dir, path)}`, bytes: statSync(path).size });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
