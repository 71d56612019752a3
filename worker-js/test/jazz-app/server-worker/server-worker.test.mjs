// A Jazz server worker (startWorker of jazz-tools/worker) on the package's /node file store: what
// it writes is in the file, and a restarted worker (a new process, with an empty sync server)
// reads it back from the file alone. Each step runs worker.mjs in its own Node process.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { openFileStore } from "cojson-storage-opfs/node";

const script = fileURLToPath(new URL("worker.mjs", import.meta.url));

function step(...args) {
  const output = execFileSync(process.execPath, [script, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return JSON.parse(output.trim().split("\n").at(-1));
}

test("a server worker's writes are in the /node file and survive restarts of the worker", () => {
  const dir = mkdtempSync(join(tmpdir(), "jazz-server-worker-"));
  try {
    const file = join(dir, "worker.db");
    const created = step("create", file);
    const credentials = JSON.stringify({ accountID: created.accountID, accountSecret: created.accountSecret });

    const written = step("write", file, credentials);
    assert.ok(written.fileBytes > created.fileBytes, `the file grew: ${created.fileBytes} -> ${written.fileBytes}`);
    // The note's rows, read from the file by the store itself, with no cojson node at all.
    const store = openFileStore({ path: file });
    try {
      const row = store.client.getCoValue(written.noteId);
      assert.ok(row !== undefined, "the note's CoValue is in the file");
      assert.ok(store.client.getCoValueSessions(row.rowID).length > 0, "with its session");
    } finally {
      store.close();
    }

    assert.deepEqual(pick(step("read", file, credentials, written.noteId)), { text: "written by the server worker", writes: 2 });
    assert.deepEqual(pick(step("read", file, credentials, written.noteId)), { text: "written by the server worker", writes: 3 },
      "the edit of the first restart survived the second");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without the file the worker's account is unavailable: what the restarted worker read came from the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "jazz-server-worker-"));
  try {
    const created = step("create", join(dir, "worker.db"));
    const credentials = JSON.stringify({ accountID: created.accountID, accountSecret: created.accountSecret });
    const run = spawnSync(process.execPath, [script, "write", join(dir, "other.db"), credentials], { encoding: "utf8" });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /Account unavailable from all peers/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function pick({ text, writes }) {
  return { text, writes };
}
