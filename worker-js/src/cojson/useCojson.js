// Imported for its effect by the entries that run in cojson's realm (/worker, /memory, /node, the
// tab's main entry): cojson's live reconciliation settings and its logger for the row store (see
// reconciliation.js). Never imported by the package's storage worker.

import { cojsonInternals, logger } from "cojson";
import { installReconciliationSettings } from "./reconciliation.js";

installReconciliationSettings({
  lockConfig() {
    const config = cojsonInternals.STORAGE_RECONCILIATION_CONFIG;
    return { lockTtlMs: config.LOCK_TTL_MS, intervalMs: config.RECONCILIATION_INTERVAL_MS };
  },
  warn(message, attributes) {
    logger.warn(message, attributes);
  },
});
