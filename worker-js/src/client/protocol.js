// The messages between a tab's client, its owner worker, and the other tabs' workers. Every
// message carries v: PROTOCOL_VERSION (src/protocol/version.js), and every lock and channel name
// has it too (versioned(name, ...)), so two deployed versions never talk.
//
// Tab → its worker (postMessage):
//   { type: "open", name, engine, fallback, clientId }  once, first
//   { type: "requests", requests: [{ id, op, args }] } every request of one tick in one message
//   { type: "close" }                                 answered { type: "closed" }
// Worker → its tab:
//   { type: "responses", responses: [{ id, value } | { id, error: { code, message, name, cause? } }] }
//     `value` is the engine's answer as it came (JSON bytes are passed through, transferred)
//   { type: "progress", id, progress }                a long request's intermediate news
//   { type: "startup", step, at }                     a start-up step, at timeOrigin + now of the worker
// Between the workers of one store name (src/owner/ownership.js):
//   on the discovery channel versioned(name):
//     { type: "owner", ownerId }                      the lock holder, on taking over and every HEARTBEAT_MS
//     { type: "who" }                                 a new worker asks; the owner answers "owner"
//     { type: "connect", clientId, ownerId }          a worker asks the owner to open its channel
//   on a worker's own channel versioned(name, "client", clientId), only it and the owner listen:
//     { type: "connected", ownerId }                  the owner listens: send requests
//     { type: "requests", to, requests }              to the owner `to`
//     { type: "responses", responses }                back to the worker
//     { type: "progress", id, progress }
//
// The ops of "requests" are the operations of src/protocol/operations.js that reach the engine by
// themselves, "commit" (a tab's transaction), and the owner's own (src/owner/serve.js).
//
// A long worker-side job (e.g. a migration) is one more op in src/owner/serve.js: its handler
// gets report(progress), which travels as "progress" messages keyed by the request's id, and
// the client's request(op, args, { onProgress }) receives them.

/** A request that has heard nothing from an owner for this long rejects with UNAVAILABLE. */
export const UNAVAILABLE_AFTER_MS = 30_000;

/** How often the owner tells the other workers it is alive. */
export const HEARTBEAT_MS = 5_000;

/** A transaction whose reads went stale this many times in a row rejects with CONFLICT. */
export const CONFLICT_RETRIES = 10;

/**
 * An error as it crosses postMessage and the BroadcastChannel, and back (src/protocol/errors.js):
 * code, message, name and cause chain survive as plain data; a failure without a code is FAILED.
 */
export { asStoreErrorData as errorData, errorFromData } from "../protocol/errors.js";
