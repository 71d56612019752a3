package cojson.storage.opfs.engine;

/**
 * An atomic group of writes. Reads through the batch see its own writes. {@link #commit()}
 * makes all of it visible (and durable, in {@link Durability#DURABLE} mode) or, on failure,
 * none of it; {@link #rollback()} drops it. Batches are not isolated from each other: several may
 * be open, each commits on its own, and a batch reads the latest committed state under its own writes.
 */
public interface WriteBatch extends AutoCloseable {
    void put(byte[] key, byte[] value);

    void delete(byte[] key);

    /** The value as this batch sees it (its own writes first), or null. */
    byte[] get(byte[] key);

    /** Entries with {@code fromInclusive <= key < toExclusive} (null: unbounded) as this batch sees them. */
    Cursor scan(byte[] fromInclusive, byte[] toExclusive);

    /** Entries whose key starts with {@code prefix}, as this batch sees them. */
    Cursor scanPrefix(byte[] prefix);

    void commit();

    void rollback();

    /** Rolls back if neither committed nor rolled back. */
    @Override
    void close();
}
