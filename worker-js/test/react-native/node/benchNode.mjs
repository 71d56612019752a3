// The benchmark program on Node (shared/bench.js), the twin of app/bench.js on Hermes: the same
// react-native entry (its JS build), the same fake Expo handle, a process of its own.

import * as entry from "cojson-storage-opfs/react-native";
import { benchProgram } from "../shared/bench.js";

console.log(`@@RESULT ${JSON.stringify(benchProgram(entry))}`);
console.log("@@DONE ");
