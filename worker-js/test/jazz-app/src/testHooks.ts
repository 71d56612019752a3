import type { LocalNode } from "cojson";

/**
 * What the browser tests read besides the page: the storage's stats (file size, persistent or the
 * in-memory fallback) through the LocalNode's storage, the client jazz-tools got from the aliased
 * cojson-storage-indexeddb. Not part of the recipe; a real app has no need for it.
 */
declare global {
  interface Window {
    jazzApp?: { accountId: string; storageStats(): Promise<unknown> };
  }
}

export function exposeForTests(node: LocalNode, accountId: string) {
  window.jazzApp = {
    accountId,
    storageStats: () => (node.storage as unknown as { dbClient: { stats(): Promise<unknown> } }).dbClient.stats(),
  };
}
