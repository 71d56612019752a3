// The version of the messages between a tab, its storage worker and the other tabs' workers. It is
// in every message and in the names of the store's Web Lock and channels, so two deployed versions
// of the package never route to each other or share an owner. Bump it whenever a message changes.

// 2: the cojson operations of src/protocol/operations.js with their answers as the engine gives
//    them (JSON bytes), a transaction as one "commit" of commitCodec.js bytes, errors with causes.
export const PROTOCOL_VERSION = 2;

/**
 * A name of this version's Web Locks and BroadcastChannels for the store `name`: the store's own
 * lock is versioned(name), `cojson-storage-opfs:v<PROTOCOL_VERSION>:<name>`; others add parts after
 * a "/", which no OPFS file name holds, so no two stores' names meet.
 */
export function versioned(name, ...parts) {
  return [`cojson-storage-opfs:v${PROTOCOL_VERSION}:${name}`, ...parts].join("/");
}
