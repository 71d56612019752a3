// Kill tests: a writer process (node/killWriter.mjs) commits through the Expo adapter to a real
// file and is killed with SIGKILL at a random moment; the file is then reopened here and must hold
// every commit the writer acknowledged, exactly a prefix of its commits, and pass verify(). The
// next writer continues on the same file, so later kills hit a file that has been killed before.
// Seeded: the seed is printed, and KILL_SEED=<n> replays a run.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { fromExpoFileHandle, openFileStore } from "cojson-storage-opfs/react-native";
import { fakeExpoFileHandle } from "../shared/fakeExpoFileHandle.js";
import { fdBackend } from "./fdBackend.mjs";
import { committed } from "./workload.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = 8;

function random(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

/** Runs a writer until it has acknowledged `acks` times, then SIGKILLs it; resolves with the last ack. */
function writeAndKill(path, durability, acks) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, "killWriter.mjs"), path, durability], { stdio: ["ignore", "pipe", "pipe"] });
    let buffered = "";
    let lastAck = -1;
    let seen = 0;
    let stderr = "";
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop();
      for (const line of lines) {
        const match = /^ack (\d+)$/.exec(line);
        if (match) {
          lastAck = Number(match[1]);
          if (++seen === acks) child.kill("SIGKILL");
        }
      }
    });
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve(lastAck);
      else reject(new Error(`the writer exited by itself (${code}): ${stderr}`));
    });
  });
}

test("a writer killed with SIGKILL at a random moment loses no acknowledged commit, round after round", async () => {
  const seed = Number(process.env.KILL_SEED ?? Date.now() % 100000);
  const next = random(seed);
  const dir = mkdtempSync(join(process.cwd(), "target", "kill-"));
  try {
    const path = join(dir, "store.db");
    writeFileSync(path, "");
    let lastHeld = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const durability = round % 2 === 0 ? "durable" : "relaxed";
      const acks = 5 + next(120);
      const acknowledged = await writeAndKill(path, durability, acks);
      const store = openFileStore({ file: fromExpoFileHandle(fakeExpoFileHandle(fdBackend(path))), durability: "durable" });
      let held;
      try {
        store.verify();
        held = committed(store.client);
      } finally {
        store.close();
      }
      assert.ok(held >= acknowledged, `seed ${seed}, round ${round} (${durability}): ${held} commits held, ${acknowledged} acknowledged`);
      assert.ok(held >= lastHeld, `seed ${seed}, round ${round}: the file lost commits a reopen had found`);
      console.log(`# round ${round} (${durability}): killed after ${acks} acks; ${acknowledged} acknowledged, ${held} held`);
      lastHeld = held;
    }
    console.log(`# kill test seed ${seed} (KILL_SEED=${seed} replays it)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
