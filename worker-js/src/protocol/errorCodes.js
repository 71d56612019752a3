// The package's error codes: the one list of ErrorCode.java (core), in its order, repeated here
// for the JS glue and in types/store.d.ts for TypeScript users. A Node test
// (test/node/errorCodes.test.mjs) compares all three with the engine's errorCodes() export.

export const ERROR_CODES = Object.freeze([
  "CORRUPT",
  "UNSUPPORTED_FORMAT",
  "IO",
  "QUOTA",
  "CLOSED",
  "FAILED",
  "INVALID_ARGUMENT",
  "LOCKED",
  "ILLEGAL_STATE",
  "UNSUPPORTED_RUNTIME",
  "UNAVAILABLE",
  "CONFLICT",
  "ABORTED",
]);
