// Installs the package into this project's node_modules as a user gets it: `npm pack` of
// worker-js (only the published files) unpacked into node_modules/cojson-storage-opfs. Metro, the
// static graph check and the Node tests all resolve it from there, through its "exports".

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, "..", "..");

export function installPackage() {
  if (!existsSync(join(packageRoot, "dist", "js", "cojson-storage-opfs.js"))) {
    throw new Error("dist/ is missing: build the package first (mvn -pl worker-js -am package)");
  }
  mkdirSync(join(here, "target"), { recursive: true });
  const work = mkdtempSync(join(here, "target", "pack-"));
  const [{ filename }] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", work],
    { cwd: packageRoot }));
  const installed = join(here, "node_modules", "cojson-storage-opfs");
  rmSync(installed, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["xzf", join(work, filename), "-C", installed, "--strip-components=1"]);
  rmSync(work, { recursive: true, force: true });
  return installed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`installed ${installPackage()}`);
}
