package cojson.storage.opfs.bench;

/**
 * One engine under test, open on one database. The workloads time these calls and nothing else,
 * so every engine pays the same harness overhead.
 */
interface Engine extends AutoCloseable {
    /**
     * Writes {@code keys[from..to)} with the matching values as one commit that is durable when
     * this returns (flushed to the file, for the engines on a file).
     */
    void commitBatch(byte[][] keys, byte[][] values, int from, int to);

    /** The value of {@code key}, or null. */
    byte[] get(byte[] key);

    /**
     * Folds up to {@code limit} entries with key {@code >= fromInclusive} (null: from the first)
     * into {@code sum}, in key order; returns how many there were.
     */
    int scan(byte[] fromInclusive, int limit, Checksum sum);

    /** I/O counters since this engine was opened. */
    IoCounters io();

    @Override
    void close();
}
