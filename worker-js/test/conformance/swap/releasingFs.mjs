// Stands in for node:fs inside cojson's testStorage.ts only: it deletes a test's database file
// with unlinkSync after the test; our handles on that file are released first.
import { unlinkSync as unlinkFile } from "node:fs";
import { releaseAll } from "./openHandles.mjs";

export function unlinkSync(path) {
  releaseAll(path);
  unlinkFile(path);
}
