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

    /**
     * The current key's byte at {@code index} (0 <= index < key length), without copying the key:
     * scans that read a field of each key (an index in it) allocate nothing per entry.
     */
    default byte keyByte(int index) {
        return key()[index];
    }

    /**
     * Hands the current value to {@code sink} as one slice: straight out of its page where the
     * value is stored inline, so a scan that copies values onward allocates nothing per entry.
     */
    default void readValue(ByteSink sink) {
        byte[] v = value();
        sink.accept(v, 0, v.length);
    }
}
