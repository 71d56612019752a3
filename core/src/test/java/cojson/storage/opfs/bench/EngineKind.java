package cojson.storage.opfs.bench;

/**
 * How to open one engine configuration on a named database that outlives an open (a file in
 * the run's temporary directory, or a memory image), so that reads can start from a reopen.
 */
interface EngineKind {
    /** The column name in the tables. */
    String name();

    /** Opens {@code database} empty, discarding whatever it held. */
    Engine create(String database);

    /** Opens {@code database} as the last {@link Engine#close()} left it. */
    Engine reopen(String database);

    /** Frees the database's file or image. */
    void drop(String database);
}
