// Argument checks at the public JS boundary. They run before anything reaches the engine, so a
// bad call throws INVALID_ARGUMENT and changes nothing. Type checks live here because the JS
// build of the engine crashes on `undefined` where Java expects a String; value checks
// (negative or fractional indexes, rowIDs < 1, ids with NUL or over 512 characters) are the row
// store's, in Java, and give the same code.

import { storeError } from "../storeError.js";

/**
 * The longest header or transaction JSON text accepted, in UTF-16 code units. cojson's largest
 * transactions are binary-stream chunks of ~180 KB; this leaves room for far larger ones while
 * refusing a runaway value before it is copied into the engine.
 */
export const MAX_JSON_CHARS = 32 * 1024 * 1024;

export function invalid(message) {
  return storeError("INVALID_ARGUMENT", message);
}

export function string(value, what) {
  if (typeof value !== "string") {
    throw invalid(`${what} must be a string, got ${describe(value)}`);
  }
  return value;
}

/** An id that may be packed into a NUL-separated list (see trackCoValuesSyncState). */
export function idWithoutNul(value, what) {
  string(value, what);
  if (value.includes("\0")) {
    throw invalid(`${what} must not contain NUL`);
  }
  return value;
}

export function number(value, what) {
  if (typeof value !== "number") {
    throw invalid(`${what} must be a number, got ${describe(value)}`);
  }
  return value;
}

/** An optional non-negative number; undefined becomes -1, which the engine reads as absent. */
export function optionalCount(value, what) {
  if (value === undefined) {
    return -1;
  }
  number(value, what);
  if (!(value >= 0)) {
    throw invalid(`${what} must be a non-negative integer or undefined, got ${value}`);
  }
  return value;
}

export function object(value, what) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be an object, got ${describe(value)}`);
  }
  return value;
}

export function callback(value, what) {
  if (typeof value !== "function") {
    throw invalid(`${what} must be a function, got ${describe(value)}`);
  }
  return value;
}

/**
 * The exact JSON text of a header or transaction object, within MAX_JSON_CHARS. A value JSON
 * cannot hold (a BigInt, a cycle, a throwing toJSON) is refused here, as INVALID_ARGUMENT, rather
 * than surfacing as JSON.stringify's TypeError without a code.
 */
export function jsonText(value, what) {
  object(value, what);
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw invalid(`${what} must be JSON-serializable (no BigInt, no cycles): ${e?.message ?? e}`);
  }
  if (text.length > MAX_JSON_CHARS) {
    throw invalid(`${what} is ${text.length} characters of JSON, more than the limit of ${MAX_JSON_CHARS}`);
  }
  return text;
}

function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
