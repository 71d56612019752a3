// The Node file binding under I/O failure, one level down (the build's openRowsNodeFile with an
// fs whose writes start failing): a full disk fails the write with QUOTA, other errors with IO;
// the store stays usable (it takes commits again once writes work), and reopening the file gives
// back every commit made before and after the failure, and not the failed one.

import assert from "node:assert/strict";
import fs from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { expectedEngine, tempDir } from "./helpers.mjs";
import { HEADER } from "./rows.mjs";

const api = await loadBuild();
// The row store answers a load's reads as UTF-8 JSON bytes.
const json = (bytes) => JSON.parse(new TextDecoder().decode(bytes));

async function loadBuild() {
  const dist = new URL("../node_modules/cojson-storage-opfs/dist/", import.meta.url);
  if (expectedEngine === "js") {
    return import(new URL("js/cojson-storage-opfs.js", dist).href);
  }
  const { load } = await import(new URL("wasm-gc/cojson-storage-opfs.wasm-runtime.js", dist).href);
  return (await load(fs.readFileSync(new URL("wasm-gc/cojson-storage-opfs.wasm", dist)))).exports;
}

/** Node's fs, except that once `failing.code` is set every write throws an error with that code. */
function failingFs(failing) {
  return {
    ...fs,
    writeSync(...args) {
      if (failing.code) {
        const error = new Error(`${failing.code}: simulated`);
        error.code = failing.code;
        throw error;
      }
      return fs.writeSync(...args);
    },
  };
}

for (const [errno, code] of [["ENOSPC", "QUOTA"], ["EIO", "IO"]]) {
  test(`a write failing with ${errno} fails the commit with ${code}, and the store goes on with every earlier commit`, () => {
    const path = join(tempDir(`fail-${errno}`), "s.db");
    const failing = { code: null };
    const rows = api.openRowsNodeFile(failingFs(failing), fs.openSync(path, "w+"), path);
    assert.equal(rows.upsertCoValue("co_zKept", JSON.stringify(HEADER)), 1);
    failing.code = errno;
    assert.throws(() => rows.upsertCoValue("co_zLost", JSON.stringify(HEADER)), (e) => e.code === code);
    assert.throws(() => rows.upsertCoValue("co_zStillFull", JSON.stringify(HEADER)), (e) => e.code === code,
      "while writes fail, each commit fails with the same code");
    assert.equal(json(rows.getCoValue("co_zKept")).rowID, 1, "the same store still reads");
    rows.verify();
    failing.code = null;
    assert.ok(rows.upsertCoValue("co_zAfter", JSON.stringify(HEADER)) > 1, "once writes work, the same store commits");
    assert.equal(rows.getCoValueCount(), 2);
    rows.close();
    const reopened = api.openRowsNodeFile(fs, fs.openSync(path, "r+"), path);
    assert.equal(json(reopened.getCoValue("co_zKept")).rowID, 1);
    assert.equal(reopened.getCoValue("co_zLost"), null);
    assert.equal(reopened.getCoValue("co_zStillFull"), null);
    assert.ok(reopened.getCoValue("co_zAfter") !== null);
    assert.equal(reopened.getCoValueCount(), 2);
    reopened.verify();
    reopened.close();
  });
}
