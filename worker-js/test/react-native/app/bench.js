// The benchmark program for the Hermes VM (shared/bench.js), run as bytecode compiled once, as a
// release app's is; node/benchNode.mjs runs the same on Node. Answers "@@RESULT <json>", "@@DONE".

import * as entry from "cojson-storage-opfs/react-native";
import { benchProgram } from "../shared/bench.js";

try {
  print(`@@RESULT ${JSON.stringify(benchProgram(entry))}`);
  print("@@DONE ");
} catch (error) {
  print(`@@FAIL ${String((error && error.stack) || error)}`);
}
