// Sets this app up as the README's recipe says, from the package as npm publishes it: installs the
// app's own packages from the committed lock, packs worker-js (`npm pack`) and installs that
// tarball. `--no-save`: the tarball changes with every build; the committed manifest and lock stay
// the app's. Run by `npm test` here and by test-web's JazzAppTest before it builds the app; the
// second run in one build finds the same lock and tarball installed and skips the installs.
//
// `npm install`, not `npm ci`: as for test/workerd (see its README), the registry this project uses
// lacks some platform packages of cojson's dependencies, so `npm ci` takes no lock as in sync; the
// exact versions in package.json and the lock still pin what gets installed.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const app = dirname(fileURLToPath(import.meta.url));
const packageDir = join(app, "..", "..");
const packs = join(packageDir, "target", "jazz-app-pack");
const stamp = join(app, "node_modules", ".cojson-storage-opfs-installed");

if (!existsSync(join(packageDir, "dist", "wasm-gc", "cojson-storage-opfs.wasm"))) {
  console.error("worker-js/dist/ is missing: build the package first (mvn -pl worker-js -am package)");
  process.exit(1);
}
const npm = (args, cwd) => execFileSync("npm", args, { cwd, stdio: ["ignore", "pipe", "inherit"] }).toString();
const sha = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");

const started = Date.now();
rmSync(packs, { recursive: true, force: true });
mkdirSync(packs, { recursive: true });
const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", packs], packageDir));
const tarball = join(packs, packed.filename);
const wanted = `${sha(join(app, "package-lock.json"))} ${sha(tarball)}`;
if (existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) {
  console.log(`jazz-app: ${packed.filename} and the app's packages already installed`);
} else {
  rmSync(stamp, { force: true });
  npm(["install", "--no-audit", "--no-fund", "--loglevel=error"], app);
  npm(["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", tarball], app);
  writeFileSync(stamp, wanted);
  console.log(`jazz-app: installed ${packed.filename} (${packed.entryCount} files) in ${Date.now() - started} ms`);
}
