// cojson's reconciliation settings and logger. The lock methods read the settings at call time,
// because cojson's own tests change them; this is why cojson is a peer dependency.

import { cojsonInternals, logger } from "cojson";

/** { lockTtlMs, intervalMs } as cojson has them configured right now. */
export function lockConfig() {
  const config = cojsonInternals.STORAGE_RECONCILIATION_CONFIG;
  return { lockTtlMs: config.LOCK_TTL_MS, intervalMs: config.RECONCILIATION_INTERVAL_MS };
}

export function warn(message, attributes) {
  logger.warn(message, attributes);
}
