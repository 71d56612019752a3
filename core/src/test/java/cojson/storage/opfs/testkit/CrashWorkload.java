package cojson.storage.opfs.testkit;

import cojson.storage.opfs.engine.Durability;
import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.engine.WriteBatch;
import cojson.storage.opfs.io.FaultInjectingFile;
import java.util.Random;
import java.util.TreeMap;

/**
 * The workload of the crash tests, run once per seed on a recording file: small batches over a
 * few hundred keys (some values overflow a page), now and then a rollback, an explicit
 * checkpoint (which compacts and truncates), an {@code idle()}, a reopen, and in relaxed mode a {@code flush()}.
 * A third of the batches also append the next key of one of two runs (right-edge and
 * insertion-point splits). Automatic checkpoints come from a
 * small {@code checkpointLogBytes}. In relaxed mode a returned {@code flush()}, {@code checkpoint()}
 * or {@code close()} acknowledges every commit before it.
 */
public final class CrashWorkload {
    private CrashWorkload() {
    }

    public static StoreOptions options(Durability durability) {
        return StoreOptions.defaults().pageSize(4096).cacheBytes(64 << 10).checkpointLogBytes(8 << 10)
                .durability(durability).relaxedFlushBytes(6 << 10);
    }

    public static Recording record(long seed, int commits, StoreOptions options) {
        Recording rec = new Recording(seed, options);
        try {
            return record(rec, commits);
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("the crash workload failed before any crash, seed " + seed + " ("
                    + options.durability() + "), after " + rec.commits() + " commits: " + e, e);
        }
    }

    private static Recording record(Recording rec, int commits) {
        long seed = rec.seed;
        StoreOptions options = rec.options;
        Random random = new Random(seed);
        Gen gen = new Gen(random);
        byte[][] keys = new byte[300 + random.nextInt(200)][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextInt(20) == 0 ? gen.key() : shortKey(random, i);
        }
        FaultInjectingFile file = new FaultInjectingFile().recordTrace(true);
        int[] runNext = new int[2];
        Model model = new Model();
        Store store = open(file, rec);
        try {
            for (int i = 0; i < commits; i++) {
                if (i > 0 && random.nextInt(250) == 0) {
                    countSpaceWork(rec, store);
                    store.close();
                    // close() checkpoints: once it returns, every commit so far is durable in any mode.
                    rec.flushAcks.add(new long[] {file.callCount(), rec.commits()});
                    file.reopen();
                    store = open(file, rec);
                }
                TreeMap<byte[], byte[]> writes = batchWrites(random, gen, keys, runNext);
                if (random.nextInt(20) == 0) {
                    try (WriteBatch rolledBack = store.begin()) {
                        rolledBack.put(keys[0], new byte[] {1, 2, 3});
                        rolledBack.rollback();
                    }
                }
                commit(store, file, rec, model, writes);
                if (random.nextInt(80) == 0) {
                    long before = store.stats().checkpoints;
                    long from = file.callCount();
                    store.checkpoint();
                    noteCheckpoints(rec, store.stats().checkpoints - before, from, file.callCount());
                    // A checkpoint that returned made every commit so far durable, in any mode.
                    rec.flushAcks.add(new long[] {file.callCount(), rec.commits()});
                }
                if (random.nextInt(60) == 0) {
                    long before = store.stats().checkpoints;
                    long from = file.callCount();
                    // What the glue calls when the store is idle: maybe a checkpoint, compaction and a truncation.
                    if (store.idle()) {
                        noteCheckpoints(rec, store.stats().checkpoints - before, from, file.callCount());
                        rec.flushAcks.add(new long[] {file.callCount(), rec.commits()});
                    }
                }
                if (options.durability() == Durability.RELAXED && random.nextInt(7) == 0) {
                    store.flush();
                    rec.flushAcks.add(new long[] {file.callCount(), rec.commits()});
                }
            }
        } finally {
            countSpaceWork(rec, store);
            store.close();
        }
        rec.trace.addAll(file.trace());
        return rec;
    }

    /** Adds what the store's compaction did since it opened; close() may compact once more, uncounted. */
    private static void countSpaceWork(Recording rec, Store store) {
        rec.pagesMoved += store.stats().pagesMoved;
        rec.trims += store.stats().trims;
    }

    private static Store open(FaultInjectingFile file, Recording rec) {
        long from = file.callCount();
        Store store = Store.open(file, rec.options);
        rec.openWindows.add(new long[] {from, file.callCount()});
        noteCheckpoints(rec, store.stats().checkpoints, from, file.callCount());
        return store;
    }

    private static void noteCheckpoints(Recording rec, long count, long fromCall, long toCall) {
        if (count > 0 && toCall > fromCall) {
            rec.checkpointWindows.add(new long[] {fromCall, toCall});
        }
        rec.checkpoints += count;
    }

    private static void commit(Store store, FaultInjectingFile file, Recording rec, Model model,
                               TreeMap<byte[], byte[]> writes) {
        long checkpointsBefore = store.stats().checkpoints;
        long start = file.callCount();
        try (WriteBatch batch = store.begin()) {
            for (java.util.Map.Entry<byte[], byte[]> e : writes.entrySet()) {
                if (e.getValue() == null) {
                    batch.delete(e.getKey());
                } else {
                    batch.put(e.getKey(), e.getValue());
                }
            }
            batch.commit();
        }
        long ack = file.callCount();
        // A checkpoint a durable commit triggers runs after the commit's own log write and flush.
        long checkpointFrom = rec.options.durability() == Durability.DURABLE ? afterFirstFlush(file, start, ack) : start;
        noteCheckpoints(rec, store.stats().checkpoints - checkpointsBefore, checkpointFrom, ack);
        model.apply(writes);
        rec.batches.add(writes);
        rec.commitCalls.add(new long[] {start, ack});
        rec.states.add(model.fingerprint());
    }

    private static long afterFirstFlush(FaultInjectingFile file, long from, long to) {
        java.util.List<FaultInjectingFile.Call> trace = file.trace();
        for (long i = from; i < to; i++) {
            if (trace.get((int) i).kind == FaultInjectingFile.Kind.FLUSH) {
                return i + 1;
            }
        }
        return from;
    }

    private static TreeMap<byte[], byte[]> batchWrites(Random random, Gen gen, byte[][] keys, int[] runNext) {
        TreeMap<byte[], byte[]> writes = new TreeMap<>(UnsignedBytes.ORDER);
        if (random.nextInt(3) == 0) {
            // The next key of one of two runs that end inside the key space ("run/0…" is followed
            // by "run/1…", both by the few "tx/…" and "user:…" keys), as a session's transactions
            // arrive: leaves split at the insertion point.
            int run = random.nextInt(2);
            int n = runNext[run]++;
            writes.put(new byte[] {'r', 'u', 'n', '/', (byte) ('0' + run), (byte) (n >>> 8), (byte) n},
                    gen.randomBytes(40 + random.nextInt(200)));
        }
        int n = 1 + random.nextInt(6);
        for (int j = 0; j < n; j++) {
            byte[] key = keys[random.nextInt(keys.length)];
            writes.put(key, random.nextInt(5) == 0 ? null : value(random, gen));
        }
        return writes;
    }

    private static byte[] value(Random random, Gen gen) {
        int roll = random.nextInt(1000);
        if (roll < 988) {
            return gen.randomBytes(random.nextInt(300));
        }
        if (roll < 998) {
            return gen.randomBytes(4000 + random.nextInt(8000));
        }
        return gen.randomBytes((20 << 10) + random.nextInt(40 << 10));
    }

    private static byte[] shortKey(Random random, int i) {
        String s = (random.nextBoolean() ? "row/" : "idx/") + Integer.toString(i * 7919 % 100_000, 36);
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
