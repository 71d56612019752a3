import type { LocalNode } from "cojson";
// The module jazz-tools imports its storage from, which the bundler's alias makes cojson-storage-opfs/jazz.
import { getIndexedDBStorage } from "cojson-storage-indexeddb";

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
    /** Opens (and closes) a storage as jazz-tools does; resolves "opened" or the error's code. */
    jazzAppStorageProbe?: () => Promise<string>;
  }
}

/**
 * jazz-tools only logs the error of a context it cannot create, and Firefox's console hands the
 * tests that Error without its message: the probe lets them read the code of what jazz-tools got.
 */
export function exposeStorageProbe() {
  window.jazzAppStorageProbe = async () => {
    try {
      const storage = await getIndexedDBStorage();
      await storage.close();
      return "opened";
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  };
}

export function exposeForTests(node: LocalNode, accountId: string) {
  window.jazzApp = {
    accountId,
    storageStats: () => (node.storage as unknown as { dbClient: { stats(): Promise<unknown> } }).dbClient.stats(),
    // With no sync peer, this waits for storage alone: every CoValue's known state is stored.
    waitForStorage: () => node.syncManager.waitForAllCoValuesSync().then(() => undefined),
  };
}
