import type { LocalNode } from "cojson";

/**
 * What the browser tests read besides the page: the storage's stats (file size, owner, persistent
 * or the in-memory fallback) through the LocalNode's storage, i.e. the client jazz-tools got from
 * the aliased cojson-storage-indexeddb, and a wait until every CoValue is in storage. Not part of
 * the recipe; a real app has no need for it.
 */
declare global {
  interface Window {
    jazzApp?: {
      accountId: string;
      storageStats(): Promise<unknown>;
      waitForStorage(): Promise<void>;
    };
  }
}

export function exposeForTests(node: LocalNode, accountId: string) {
  window.jazzApp = {
    accountId,
    storageStats: () => (node.storage as unknown as { dbClient: { stats(): Promise<unknown> } }).dbClient.stats(),
    // With no sync peer, this waits for storage alone: every CoValue's known state is stored.
    waitForStorage: () => node.syncManager.waitForAllCoValuesSync().then(() => undefined),
  };
}
