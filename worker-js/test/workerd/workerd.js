// Starts and stops workerd (the Cloudflare Workers runtime, from the npm package) serving the
// bundle that build.mjs laid out, on 127.0.0.1 and a port nobody else holds.

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";

const require = createRequire(import.meta.url);

/** The workerd binary that the npm package installed for this platform. */
function workerdBinary() {
  // The package's main module exports the path of its platform binary.
  return require("workerd").default;
}

/** A port that was free a moment ago: the OS picks it for a listener we close at once. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs `workerd serve` on the config in bundleDir and resolves once the Worker answers HTTP.
 * Returns { url, stop(), output() }; output() is what workerd printed, for failure messages.
 */
export async function startWorkerd(bundleDir, { startTimeoutMs = 30_000 } = {}) {
  const port = await freePort();
  const child = spawn(workerdBinary(),
      ["serve", join(bundleDir, "workerd.capnp"), "--socket-addr", `http=127.0.0.1:${port}`, "--verbose"],
      { cwd: bundleDir, stdio: ["ignore", "pipe", "pipe"] });
  let printed = "";
  child.stdout.on("data", (chunk) => { printed += chunk; });
  child.stderr.on("data", (chunk) => { printed += chunk; });
  // A test run that dies without reaching stop() must not leave workerd holding the port.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => {
    process.removeListener("exit", killOnExit);
    resolve({ code, signal });
  }));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
    }
    await exited;
  };
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`workerd exited with ${child.exitCode} before serving:\n${printed}`);
    }
    try {
      await fetch(`${url}/stats`);
      return { url, stop, output: () => printed };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`workerd did not answer on ${url} within ${startTimeoutMs} ms:\n${printed}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
