package cojson.storage.opfs.engine;

/** When a commit reaches stable storage. */
public enum Durability {
    /** Every commit is flushed before {@code commit()} returns: one write call and one flush. */
    DURABLE,
    /**
     * Commits are written at once but flushed later ({@link Store#flush()}, or when the unflushed
     * log passes {@link StoreOptions#relaxedFlushBytes()}). A crash may lose the unflushed tail of
     * commits, never a part of one, and never anything older.
     */
    RELAXED
}
