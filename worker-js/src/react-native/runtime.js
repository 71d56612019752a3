// What the engine's JS build needs from the runtime beyond the language: TextDecoder (a row
// result is UTF-8 JSON decoded in one call) and performance.now() (seeds the log salts). React
// Native has performance.now(); Hermes has no TextDecoder of its own, and Jazz's React Native
// polyfills (`jazz-tools/react-native/polyfills`, `jazz-tools/expo/polyfills`) install one, as
// any TextDecoder polyfill does. Checked before a store opens, so a missing one is a clear error
// rather than a ReferenceError from inside the engine.

import { storeError } from "../protocol/errors.js";

export function requireRuntime() {
  if (typeof TextDecoder !== "function") {
    throw storeError("UNSUPPORTED_RUNTIME",
      "this runtime has no TextDecoder: import \"jazz-tools/react-native/polyfills\" (or \"jazz-tools/expo/polyfills\", or another TextDecoder polyfill) before opening a store");
  }
  if (typeof performance !== "object" || performance === null || typeof performance.now !== "function") {
    throw storeError("UNSUPPORTED_RUNTIME", "this runtime has no performance.now(), which React Native provides; define it before opening a store");
  }
}
