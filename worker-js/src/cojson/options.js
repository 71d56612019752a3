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

/**
 * The `durability` option: "durable" (the default: every commit flushed before it returns) or
 * "relaxed" (commits kept in memory until flush(), close, a checkpoint or 1 MiB of them; a crash
 * may lose that unflushed tail, never part of a commit).
 */
export function durability(value) {
  if (value === undefined) {
    return "durable";
  }
  if (value !== "durable" && value !== "relaxed") {
    throw invalid(`durability must be "durable" or "relaxed", got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}
