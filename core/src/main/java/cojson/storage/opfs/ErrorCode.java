package cojson.storage.opfs;

/**
 * The closed set of error codes. Each is stable: JS callers see it as {@code error.code}
 * and may branch on it, so a code is never renamed or reused for another meaning.
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
    ILLEGAL_STATE
}
