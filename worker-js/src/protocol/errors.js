// Errors of the package: an Error with a stable `code` from ERROR_CODES and a message that says
// what to do, its cause kept, on this side of postMessage and the other.

import { ERROR_CODES } from "./errorCodes.js";

const KNOWN = new Set(ERROR_CODES);

/** How many causes deep an error travels (a cycle would otherwise never end). */
const MAX_CAUSES = 4;

/** An Error with a stable `code` (one of ERROR_CODES), the same shape the engine throws. */
export function storeError(code, message, cause) {
  if (!KNOWN.has(code)) {
    // A typo in the glue must not invent a code users cannot branch on.
    return storeError("FAILED", `an error was raised with the unknown code ${JSON.stringify(code)}: ${message}`, cause);
  }
  const error = new Error(`${code}: ${message}`, cause === undefined ? undefined : { cause });
  error.code = code;
  return error;
}

/**
 * An error as plain data that crosses postMessage and a BroadcastChannel: `code`, `message`, `name`
 * and, as data too, its `cause` chain. A thrown non-Error (a string) keeps its text.
 */
export function errorData(error, depth = 0) {
  const isError = typeof error === "object" && error !== null;
  const data = {
    code: isError && typeof error.code === "string" && KNOWN.has(error.code) ? error.code : undefined,
    name: isError && typeof error.name === "string" ? error.name : "Error",
    message: String(isError ? error.message : error),
  };
  if (isError && error.cause !== undefined && depth < MAX_CAUSES) {
    data.cause = errorData(error.cause, depth + 1);
  }
  return data;
}

/** The error of the other side again: an Error with the same code, message, name and cause chain. */
export function errorFromData(data, depth = 0) {
  const cause = data.cause !== undefined && depth < MAX_CAUSES ? errorFromData(data.cause, depth + 1) : undefined;
  const error = new Error(data.message, cause === undefined ? undefined : { cause });
  if (data.name !== "Error") error.name = data.name;
  if (data.code !== undefined) error.code = data.code;
  return error;
}

/** The data of a failure that is not an Error with a known code: a FAILED error around it. */
export function asStoreErrorData(error) {
  const data = errorData(error);
  return data.code !== undefined ? data : errorData(storeError("FAILED", data.message, error));
}
