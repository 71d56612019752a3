// Entry `cojson-storage-opfs`: where this code runs, so an app can pick the storage entry.
//   /worker  a dedicated Web Worker with OPFS sync access handles
//   /memory  anywhere (Cloudflare Workers, tests)
//   /node    Node, on a real file

/** True inside a Web Worker (dedicated, shared or service). */
export function isInWorker() {
  return typeof WorkerGlobalScope === "function" && typeof self === "object" && self instanceof WorkerGlobalScope;
}

/**
 * True where `cojson-storage-opfs/worker` can open a store: a dedicated Web Worker that has
 * OPFS sync access handles (a secure context of a current browser).
 */
export function supportsOpfs() {
  return typeof DedicatedWorkerGlobalScope === "function" && self instanceof DedicatedWorkerGlobalScope
    && typeof FileSystemSyncAccessHandle === "function"
    && typeof navigator === "object" && typeof navigator.storage?.getDirectory === "function";
}
