// Checks of the option bags the entries take.

import { invalid } from "./args.js";

export function options(value, entry) {
  if (value === undefined) {
    return {};
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(`${entry} takes an options object`);
  }
  return value;
}

export function optionalName(value, what) {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string" || value.length === 0) {
    throw invalid(`${what} must be a non-empty string`);
  }
  return value;
}

export function requiredName(value, what) {
  if (value === undefined) {
    throw invalid(`${what} is required`);
  }
  return optionalName(value, what);
}
