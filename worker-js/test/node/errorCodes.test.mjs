// One list of error codes: ErrorCode.java (the engine's errorCodes() export), the JS glue's
// ERROR_CODES and the StoreErrorCode type of the declarations must be the same list, in the same
// order, and every code the glue raises must be in it.

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { test } from "node:test";

const packageRoot = new URL("../../", import.meta.resolve("cojson-storage-opfs/memory"));
const { ERROR_CODES } = await import(new URL("src/protocol/errorCodes.js", packageRoot).href);
const engine = await import(new URL("dist/js/cojson-storage-opfs.js", packageRoot).href);

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const url = new URL(name, dir);
    return statSync(url).isDirectory() ? sourceFiles(new URL(`${name}/`, dir)) : name.endsWith(".js") ? [url] : [];
  });
}

test("the engine, the JS glue and the declarations list the same error codes in the same order", () => {
  assert.deepEqual(JSON.parse(engine.errorCodes()), [...ERROR_CODES]);
  const declarations = readFileSync(new URL("types/store.d.ts", packageRoot), "utf8");
  const union = /export type StoreErrorCode =([^;]*);/.exec(declarations);
  assert.ok(union, "types/store.d.ts declares StoreErrorCode");
  assert.deepEqual([...union[1].matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]), [...ERROR_CODES]);
});

test("every code the JS glue raises is in the list", () => {
  const known = new Set(ERROR_CODES);
  const used = new Set();
  for (const file of sourceFiles(new URL("src/", packageRoot))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/storeError\(\s*"([A-Z_]+)"|[^.]code:\s*"([A-Z_]+)"/g)) {
      used.add(m[1] ?? m[2]);
    }
  }
  assert.ok(used.size >= 8, `found the codes in use: ${[...used]}`);
  assert.deepEqual([...used].filter((code) => !known.has(code)), []);
});
