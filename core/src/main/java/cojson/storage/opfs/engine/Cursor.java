package cojson.storage.opfs.engine;

/**
 * A forward iterator over entries in key order. Call {@link #next()} before the first read.
 * A cursor stays valid across later commits: it continues after the last key it returned.
 */
public interface Cursor {
    /** Moves to the next entry; false when there is none. */
    boolean next();

    /** The current key (a fresh array). */
    byte[] key();

    /** The current value (a fresh array). */
    byte[] value();
}
