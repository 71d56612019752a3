// cojson's storage-reconciliation settings and logger, without importing cojson: the package's
// storage worker must import nothing by bare name (an app serves it as it is, or bundles it
// without cojson), so cojson's values reach the row store in one of two ways:
//   - in the realm of cojson (the /worker, /memory and /node entries, and the tab's client), the
//     entry installs cojson's live settings and logger here (useCojson.js), read at call time
//     because cojson's own tests change the settings;
//   - in the package's storage worker, the tab reads them at call time and sends them with each
//     tryAcquireStorageReconciliationLock request (its argument check in src/protocol/operations.js
//     runs in the tab: the request carries now, the TTL and the interval); warnings go to the
//     worker's console.

/** cojson's defaults (STORAGE_RECONCILIATION_CONFIG in cojson's config.ts): a day, 30 days. */
export const DEFAULT_LOCK_CONFIG = Object.freeze({ lockTtlMs: 24 * 60 * 60 * 1000, intervalMs: 30 * 24 * 60 * 60 * 1000 });

let settings = {
  lockConfig: () => DEFAULT_LOCK_CONFIG,
  warn: (message, attributes) => console.warn(message, ...(attributes === undefined ? [] : [attributes])),
};

/** Installs where the settings and warnings come from in this realm: { lockConfig(), warn(message, attributes) }. */
export function installReconciliationSettings(source) {
  settings = source;
}

/** { lockTtlMs, intervalMs } as configured right now. */
export function lockConfig() {
  return settings.lockConfig();
}

export function warn(message, attributes) {
  settings.warn(message, attributes);
}
