// `npm test` here (worker-js's `npm run test:react-native`): installs the package as a user gets it
// (prepare.mjs), then runs every node/*.test.mjs, one file at a time: the static graph check, the
// Expo adapter on real files, the crash enumeration, the kill tests, and the Metro bundle on the
// Hermes VM with the Hermes-against-Node benchmark.

import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage } from "./prepare.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const started = Date.now();
mkdirSync(join(here, "target"), { recursive: true });
console.log(`installed ${installPackage()}`);
const files = readdirSync(join(here, "node")).filter((f) => f.endsWith(".test.mjs")).sort().map((f) => join("node", f));
const { status } = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], { cwd: here, stdio: "inherit" });
console.log(`react-native tests ${status === 0 ? "passed" : "failed"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(status ?? 1);
