// Shared by the Node tests, which run in a scratch project where the packed tarball and
// cojson@0.20.19 are installed as a user would install them.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Node 20 lacks Promise.withResolvers, which some cojson paths use (Node 22 has it).
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const { LocalNode, StorageApiAsync, StorageApiSync, cojsonInternals } = await import("cojson");
const { WasmCrypto } = await import("cojson/crypto/WasmCrypto");

export { LocalNode, StorageApiAsync, StorageApiSync, cojsonInternals };
export const crypto = await WasmCrypto.create();

/** The engine build this run must use: the runner sets it per Node version. */
export const expectedEngine = process.env.EXPECT_ENGINE ?? (WebAssembly.validate(
  new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 3, 1, 95, 0])) ? "wasm-gc" : "js");

/** cojson's two storage wrappers over a store's two clients. */
export const clientKinds = {
  sync: (store) => new StorageApiSync(store.client),
  async: (store) => new StorageApiAsync(store.asyncClient),
};

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `cojson-storage-opfs-${prefix}-`));
}

/** A seeded pseudo-random byte array (xorshift32), the same on every run. */
export function seededBytes(length, seed) {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Waits until `check()` returns true, polling every `pollMs`, or fails after `timeoutMs`. */
export async function waitUntil(check, what, timeoutMs = 10000, pollMs = 10) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export function concatChunks(chunks) {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
