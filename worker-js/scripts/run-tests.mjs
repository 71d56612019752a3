// `npm test`: runs every `test:*` script of package.json, one after another, in name order, so a
// new suite joins by adding its script. Stops at the first failing suite with its exit code.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const { scripts } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const suites = Object.keys(scripts).filter((name) => name.startsWith("test:")).sort();
for (const suite of suites) {
  console.log(`\n=== npm run ${suite}`);
  const started = Date.now();
  const { status, signal } = spawnSync("npm", ["run", "--silent", suite], { stdio: "inherit" });
  if (status !== 0) {
    console.error(`=== ${suite} failed (${signal ?? `exit ${status}`})`);
    process.exit(status ?? 1);
  }
  console.log(`=== ${suite} passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`\nAll ${suites.length} test suites passed: ${suites.join(", ")}`);
