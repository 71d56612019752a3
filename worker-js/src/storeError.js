// The package's error shape, in a module of its own: entries that must not load engines.js (it has
// `import()` and `node:` imports, which Hermes and Metro cannot take) still throw the same errors.

/** An Error with a stable `code`, the same shape the engine throws. */
export function storeError(code, message, cause) {
  const error = new Error(`${code}: ${message}`, cause === undefined ? undefined : { cause });
  error.code = code;
  return error;
}
