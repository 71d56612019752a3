package cojson.storage.opfs.bench;

import java.util.List;

/**
 * The workload bodies. Each opens what it needs, times only the engine calls, reads back what
 * it wrote (untimed) and returns one {@link Run} per measured phase.
 */
final class Workloads {
    static final String RANDOM_PUTS = "random-puts";
    static final String SEQUENTIAL_PUTS = "sequential-puts";
    static final String REOPEN = "reopen";
    static final String COLD_GETS = "cold-gets";
    static final String WARM_GETS = "warm-gets";
    static final String RANGE_SCANS = "range-scans";
    static final String DURABLE_COMMITS = "durable-commits";

    private Workloads() {
    }

    /**
     * Puts all keys into an empty database, {@code batchSize} per durable commit. The close that
     * follows is timed too, as its own row, so that work deferred from the commits to the close
     * (a final checkpoint, say) is seen rather than dropped.
     */
    static List<Run> load(String workload, EngineKind kind, String database, byte[][] keys, byte[][] values,
                          int batchSize) {
        Engine engine = kind.create(database);
        Run load;
        try {
            IoCounters before = engine.io();
            long start = System.nanoTime();
            for (int from = 0; from < keys.length; from += batchSize) {
                engine.commitBatch(keys, values, from, Math.min(keys.length, from + batchSize));
            }
            long nanos = System.nanoTime() - start;
            IoCounters io = engine.io().minus(before);
            load = new Run(workload, keys.length, nanos, readAll(engine), io, null);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        long start = System.nanoTime();
        engine.close();
        // No I/O counters: a closed store has no stats().
        Run close = new Run(closeOf(workload), 1, System.nanoTime() - start, null, null, null);
        return List.of(load, close);
    }

    /** The workload id of the close after a load. */
    static String closeOf(String workload) {
        return workload + "-close";
    }

    /**
     * Reopens a loaded database and reads it: the open itself, point gets in random order
     * starting with the engine's cache empty (the OS page cache is not dropped: that needs root
     * and affects both engines alike), the same gets again with the cache warm, then range scans.
     */
    static List<Run> readSession(EngineKind kind, String database, byte[][] keys, int[] coldOrder, int[] warmOrder,
                                 byte[][] scanStarts, int scanLength) {
        long start = System.nanoTime();
        Engine engine = kind.reopen(database);
        long openNanos = System.nanoTime() - start;
        try {
            Run open = new Run(REOPEN, 1, openNanos, null, engine.io(), null);
            Run cold = gets(COLD_GETS, engine, keys, coldOrder);
            Run warm = gets(WARM_GETS, engine, keys, warmOrder);
            Run scans = scans(engine, scanStarts, scanLength);
            return List.of(open, cold, warm, scans);
        } finally {
            engine.close();
        }
    }

    /** One small record per durable commit, each commit timed on its own. */
    static List<Run> durableCommits(EngineKind kind, String database, byte[][] keys, byte[][] values) {
        Engine engine = kind.create(database);
        try {
            long[] latencies = new long[keys.length];
            IoCounters before = engine.io();
            long start = System.nanoTime();
            for (int i = 0; i < keys.length; i++) {
                long t = System.nanoTime();
                engine.commitBatch(keys, values, i, i + 1);
                latencies[i] = System.nanoTime() - t;
            }
            long nanos = System.nanoTime() - start;
            IoCounters io = engine.io().minus(before);
            return List.of(new Run(DURABLE_COMMITS, keys.length, nanos, readAll(engine), io, latencies));
        } finally {
            engine.close();
        }
    }

    private static Run gets(String workload, Engine engine, byte[][] keys, int[] order) {
        Checksum sum = new Checksum();
        IoCounters before = engine.io();
        long start = System.nanoTime();
        for (int index : order) {
            sum.addValue(engine.get(keys[index]));
        }
        long nanos = System.nanoTime() - start;
        return new Run(workload, order.length, nanos, sum, engine.io().minus(before), null);
    }

    private static Run scans(Engine engine, byte[][] starts, int length) {
        Checksum sum = new Checksum();
        IoCounters before = engine.io();
        long start = System.nanoTime();
        for (byte[] from : starts) {
            sum.endScan(engine.scan(from, length, sum));
        }
        long nanos = System.nanoTime() - start;
        return new Run(RANGE_SCANS, starts.length, nanos, sum, engine.io().minus(before), null);
    }

    private static Checksum readAll(Engine engine) {
        Checksum sum = new Checksum();
        engine.scan(null, Integer.MAX_VALUE, sum);
        return sum;
    }
}
