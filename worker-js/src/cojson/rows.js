// Results of the engine's row store as cojson wants them: each call returns JSON text (or null),
// parsed here once, so every result is a fresh object and `undefined` replaces null.

export function parseOrUndefined(text) {
  return text === null || text === undefined ? undefined : JSON.parse(text);
}

export function rowIDOrUndefined(rowID) {
  return rowID < 0 ? undefined : rowID;
}
