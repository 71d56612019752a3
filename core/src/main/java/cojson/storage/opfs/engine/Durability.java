package cojson.storage.opfs.engine;

/** When a commit reaches stable storage. */
public enum Durability {
    /** Every commit is flushed before {@code commit()} returns: one write call and one flush. */
    DURABLE,
    /**
     * Commits are applied at once and their log frames kept in memory; {@link Store#flush()}, or
     * the unflushed log passing {@link StoreOptions#relaxedFlushBytes()}, writes them in one call and
     * flushes. A checkpoint makes them durable too. A crash may lose the unflushed tail of commits,
     * never a part of one, and never anything older.
     */
    RELAXED
}
