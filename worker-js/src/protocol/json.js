// The engine answers rows as JSON: UTF-8 bytes (a Uint8Array, fresh per call, which an owner worker
// hands to the tab untouched) or a string. Whoever receives it parses it here, once, so every row
// is a fresh object (cojson mutates what it gets) and null becomes undefined.

const decoder = new TextDecoder();

export function parseJson(raw) {
  if (raw === null || raw === undefined) return undefined;
  return JSON.parse(typeof raw === "string" ? raw : decoder.decode(raw));
}
