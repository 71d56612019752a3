// What the operation table asks of the caller's side (src/protocol/operations.js): cojson's
// reconciliation settings, read at call time, its logger, and the clock.

import { lockConfig, warn } from "./reconciliation.js";

export const cojsonContext = Object.freeze({ lockConfig, warn, now: () => Date.now() });
