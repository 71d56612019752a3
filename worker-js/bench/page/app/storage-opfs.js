// The storage under test: cojson-storage-opfs' getOpfsStorage(), as the package under test
// publishes it (resolved through its own "exports" by the build).

import { getOpfsStorage } from "cojson-storage-opfs";
import { seen } from "./worker-probe.js";

export const kind = "opfs";

export function openStorage() {
  // One look, beside the open, at the store's Web Locks: after a reload the previous page's
  // worker may still hold the lock, and then the new worker waits for it.
  const asked = performance.now();
  navigator.locks.query().then(({ held, pending }) => {
    const ours = (list) => list.filter((l) => l.name.startsWith("cojson-storage-opfs")).map((l) => l.name);
    seen.locksAtOpen = { asked, answered: performance.now(), held: ours(held), pending: ours(pending) };
  }, () => undefined);
  return getOpfsStorage();
}

/**
 * The client's stats() (file size, engine, and the start-up timeline where the package has it)
 * and the OPFS files as the page sees them; asked after the measured steps.
 */
export async function facts(storage) {
  const stats = typeof storage.dbClient?.stats === "function" ? await storage.dbClient.stats() : undefined;
  return { stats, workers: seen.workers, locksAtOpen: seen.locksAtOpen, opfsFiles: await opfsFiles() };
}

async function opfsFiles() {
  try {
    const files = [];
    const root = await navigator.storage.getDirectory();
    for await (const [name, handle] of root.entries()) {
      if (handle.kind !== "file") continue;
      try {
        files.push({ name, bytes: (await handle.getFile()).size });
      } catch (error) {
        // The owner worker holds a sync access handle on it: stats().fileBytes has the size.
        files.push({ name, error: error.name });
      }
    }
    return files;
  } catch (error) {
    return [{ error: String(error) }];
  }
}
