// A tab's buffered transaction as the bytes of ONE engine call (core TabCommit, whose comment has
// the table of records): each record is a one-letter tag and its fields, every one ended by NUL,
// UTF-8 as a whole. The fields are the operations' checked arguments (operations.js), so a
// transaction's JSON text travels as JSON.stringify made it and is stored as these bytes. A JSON
// text never holds a raw NUL (JSON.stringify escapes U+0000), nor do checked ids (the engine
// refuses NUL in them); any other string field with NUL (a signature) is refused here, so NUL cannot
// be misread; the engine refuses a record cut short.

import { invalid } from "../cojson/args.js";

const encoder = new TextEncoder();

/** Record tags of the checks that lead a commit. */
export const CHECK = Object.freeze({ COVALUE: "c", SESSION: "s", LOCK: "l" });

/** The commit of `records` (arrays: tag then fields) as UTF-8 bytes, transferable. */
export function encodeCommit(records) {
  let text = "";
  for (const record of records) {
    for (const field of record) {
      if (typeof field === "string" && field.includes("\0")) {
        throw invalid(`a string written in a transaction must not contain NUL (record ${record[0]})`);
      }
      text += `${field}\0`;
    }
  }
  return encoder.encode(text);
}

/** The check that a session row is exactly `row` (undefined: absent), as the tab saw it. */
export function sessionCheck(coValueRowID, sessionID, row) {
  return row === undefined
    ? [CHECK.SESSION, coValueRowID, sessionID, 0, 0, 0, "", -1]
    : [CHECK.SESSION, coValueRowID, sessionID, 1, row.rowID, row.lastIdx, row.lastSignature,
      row.bytesSinceLastSignature ?? -1];
}

/** The check that a lock row is exactly `row` (undefined: absent). */
export function lockCheck(key, row) {
  return row === undefined
    ? [CHECK.LOCK, key, 0, "", 0, -1, 0]
    : [CHECK.LOCK, key, 1, row.holderSessionId, row.acquiredAt, row.releasedAt ?? -1, row.lastProcessedOffset];
}

/** The check that the coValue row `coValueRowID` is `id`. */
export function coValueCheck(coValueRowID, id) {
  return [CHECK.COVALUE, coValueRowID, id];
}
