// Running test programs on the Hermes VM from npm (hermes-engine-cli 0.12.0, the newest Hermes VM
// for Linux there) and compiling with react-native 0.88's hermesc (npm hermes-compiler, Hermes 1.0,
// compile only). A run gets its input as a script line before the bundle and answers in "@@" lines.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromBase64 } from "../shared/base64.js";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
export const HERMES = join(here, "node_modules", "hermes-engine-cli", "linux64-bin", "hermes");
export const HERMESC_1 = join(here, "node_modules", "hermes-compiler", "hermesc", "linux64-bin", "hermesc");
/** Hermes 0.12's own compiler, for bytecode its VM runs (as a release app ships it). */
export const HERMESC_012 = join(here, "node_modules", "hermes-engine-cli", "linux64-bin", "hermesc");

export function versionOf(binary) {
  const text = spawnSync(binary, ["-version"]).stdout.toString();
  return /Hermes release version: (\S+)/.exec(text)?.[1] ?? "unknown";
}

/**
 * Runs `bundle` on Hermes with `input` as globalThis.__INPUT__; resolves with { results, image }
 * or rejects with what the program or the VM said.
 */
export async function runOnHermes(bundle, input) {
  const work = mkdtempSync(join(here, "target", "hermes-run-"));
  const script = join(work, "run.js");
  writeFileSync(script, `globalThis.__INPUT__ = ${JSON.stringify(input)};\n${readFileSync(bundle, "utf8")}`);
  try {
    return await runHermes([script], input.command);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Runs a benchmark program (`argv`: the VM and its arguments) in a process of its own under bash's
 * `time`; resolves with { results, wallMs, cpuMs }: the process's wall-clock and CPU (user + sys)
 * time, so that a reader can see how much of a core the machine's load left it.
 */
export function runTimed(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", 'TIMEFORMAT="@@TIME %R %U %S"; time "$@"', "bash", ...argv],
      { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString();
      const stderr = Buffer.concat(err).toString();
      const result = /^@@RESULT (.*)$/m.exec(stdout);
      const time = /@@TIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (code !== 0 || !result || !time || !/^@@DONE/m.test(stdout)) {
        reject(new Error(`${argv.join(" ")} failed (exit ${code}):\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
        return;
      }
      resolve({ results: JSON.parse(result[1]), wallMs: Number(time[1]) * 1000,
        cpuMs: (Number(time[2]) + Number(time[3])) * 1000 });
    });
  });
}

function runHermes(files, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(HERMES, ["-w", ...files], { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("close", (code) => {
      const lines = Buffer.concat(out).toString().split("\n");
      const tagged = (tag) => lines.filter((l) => l.startsWith(`@@${tag} `)).map((l) => l.slice(tag.length + 3));
      const fail = tagged("FAIL");
      if (code !== 0 || fail.length > 0 || tagged("DONE").length !== 1) {
        reject(new Error(`Hermes run "${label}" failed (exit ${code}):\n${fail.join("\n")}\n`
          + `${lines.filter((l) => !l.startsWith("@@IMAGE")).join("\n").slice(-4000)}\n${Buffer.concat(err).toString().slice(-4000)}`));
        return;
      }
      const image = tagged("IMAGE");
      resolve({
        results: tagged("RESULT").map((text) => JSON.parse(text)),
        image: image.length === 1 ? fromBase64(image[0]) : undefined,
      });
    });
  });
}

/** Compiles a script to bytecode (-O, as release builds do) with `hermesc` into `out`; returns { ok, output }. */
export function compile(hermesc, script, out) {
  const result = spawnSync(hermesc, ["-emit-binary", "-O", "-w", "-out", out, script]);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}
