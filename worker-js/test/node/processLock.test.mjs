// One process at a time per store file: a second process gets LOCKED while the first has the file
// open, and opens it once the first closed it or died without closing (a stale lock).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { openFileStore } from "cojson-storage-opfs/node";
import { tempDir } from "./helpers.mjs";
import { HEADER } from "./rows.mjs";

/** A child Node process that opens `path`, writes a coValue, says "open", and waits for stdin to end. */
function holder(path, closeOnExit) {
  const script = `
    import { openFileStore } from "cojson-storage-opfs/node";
    const store = openFileStore({ path: ${JSON.stringify(path)} });
    store.client.upsertCoValue("co_zFromChild", ${JSON.stringify(HEADER)});
    process.stdout.write("open\\n");
    process.stdin.resume();
    process.stdin.on("end", () => { ${closeOnExit ? "store.close();" : ""} process.exit(0); });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: process.cwd(),
    stdio: ["pipe", "pipe", "inherit"] });
  const opened = new Promise((resolve, reject) => {
    child.stdout.on("data", (data) => data.toString().includes("open") && resolve());
    child.on("exit", (code) => reject(new Error(`holder exited early with ${code}`)));
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return { child, opened, exited };
}

test("a file open in another process fails with LOCKED and opens after that process closes it", async () => {
  const path = join(tempDir("process-lock"), "s.db");
  const other = holder(path, true);
  await other.opened;
  assert.throws(() => openFileStore({ path }), { code: "LOCKED" });
  other.child.stdin.end();
  await other.exited;
  assert.equal(existsSync(`${path}.lock`), false, "the lock file goes with the last close");
  const store = openFileStore({ path });
  assert.equal(store.client.getCoValue("co_zFromChild").rowID, 1);
  store.close();
});

test("a lock left by a killed process is stale: the file opens and its commits are there", async () => {
  const path = join(tempDir("stale-lock"), "s.db");
  const other = holder(path, false);
  await other.opened;
  other.child.kill("SIGKILL");
  await other.exited;
  assert.equal(existsSync(`${path}.lock`), true);
  const store = openFileStore({ path });
  assert.equal(store.client.getCoValue("co_zFromChild").rowID, 1);
  store.verify();
  store.close();
  assert.equal(existsSync(`${path}.lock`), false);
});
