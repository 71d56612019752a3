package cojson.storage.opfs;

/**
 * The closed set of error codes: the one list of the whole package. Each is stable: JS callers see
 * it as {@code error.code} and may branch on it, so a code is never renamed or reused for another
 * meaning. worker-js' {@code src/protocol/errorCodes.js} and {@code types/store.d.ts} repeat this
 * list in this order; a Node test compares them with the engine's {@code errorCodes()} export. The
 * last four are raised only by the JS glue, never by the engine.
 */
public enum ErrorCode {
    /** The file's bytes fail a check (checksum, magic, structure). The message names where. */
    CORRUPT,
    /** The file was written by a format version this code cannot read. */
    UNSUPPORTED_FORMAT,
    /** The underlying file reported an error (read, write, flush, truncate). */
    IO,
    /** The storage quota is exhausted; nothing of the failing write was committed. */
    QUOTA,
    /** A call on a store or batch that was closed, or a batch used after it ended. */
    CLOSED,
    /** An earlier internal failure (not a QUOTA or IO error of the file) poisoned this handle; reopen the store. */
    FAILED,
    /** An argument is out of range or of the wrong kind. */
    INVALID_ARGUMENT,
    /** The store's file is owned by another handle or context. */
    LOCKED,
    /**
     * A call that is not allowed in the current state: e.g. a write batch begun on a store opened
     * read-only, or a scan continued after the store recovered in place from a failed write.
     */
    ILLEGAL_STATE,
    /** An entry used where its runtime is missing (OPFS, Web Workers, Web Locks), or the browser refused it. */
    UNSUPPORTED_RUNTIME,
    /** A tab's request waited too long for any worker to own the store. */
    UNAVAILABLE,
    /** A tab's transaction found its reads changed by other tabs on every attempt; nothing was written. */
    CONFLICT,
    /** A long job (the migration from IndexedDB) was aborted through its signal. */
    ABORTED
}
