package cojson.storage.opfs.testkit;

import cojson.storage.opfs.engine.Cursor;
import cojson.storage.opfs.engine.Store;
import cojson.storage.opfs.engine.StoreOptions;
import cojson.storage.opfs.engine.WriteBatch;
import cojson.storage.opfs.engine.Durability;
import cojson.storage.opfs.io.FaultInjectingFile;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * One seeded run of random operations against a store and the {@link Model}, comparing every
 * read: autocommitted puts and deletes, keys appended to runs that end inside the key space, runs of up to 300 deletes (so leaves merge), point
 * reads, range and prefix scans, write batches with read-your-writes checks that commit, roll
 * back or are dropped, two batches open at once, cursors kept open across a commit, overflow and
 * near-4-MiB values, explicit checkpoints (which compact), {@code idle()}, flushes, {@code verify()}, reopens on the same bytes,
 * and power losses between calls (on a {@link FaultInjectingFile}) after which every commit
 * (every flushed one, in relaxed mode) must be there. A failure carries the run's name, seed, operation number and the
 * last operations.
 */
public final class ModelRun {
    private static final byte[] DELETED = new byte[0];
    private static final int RECENT = 24;

    private final String name;
    private final long seed;
    private final StoreOptions options;
    private final Random random;
    private final Gen gen;
    private final Model model = new Model();
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private FaultInjectingFile file = new FaultInjectingFile();
    private Store store;
    private long ops;
    private long nextHuge;

    public ModelRun(String name, long seed, StoreOptions options) {
        this(name, seed, options, 5);
    }

    /** {@code longKeyPercent}: the share of fresh keys 100 bytes to 1 KiB long (see {@link Gen}). */
    public ModelRun(String name, long seed, StoreOptions options, int longKeyPercent) {
        this.name = name;
        this.seed = seed;
        this.options = options;
        this.random = new Random(seed);
        this.gen = new Gen(random, longKeyPercent);
    }

    /** Pages compaction moved over the run (every open's stats() summed). */
    public long pagesMoved() {
        return pagesMoved;
    }

    private long pagesMoved;

    /** Runs at least {@code targetOps} operations; returns how many ran. */
    public long run(long targetOps) {
        nextHuge = 1000 + random.nextInt((int) Math.max(1, targetOps / 2));
        try {
            store = Store.open(file, options);
            while (ops < targetOps) {
                step();
            }
            fullCompare("at the end");
            store.verify();
            pagesMoved += store.stats().pagesMoved;
            store.close();
            return ops;
        } catch (Throwable t) {
            byte[] image = file.currentImage();
            System.out.println("[dump] the file of " + name + " seed " + seed + " at the failure:\n" + FailureImages.dumpOf(image));
            throw new AssertionError(name + " seed " + seed + " failed at operation " + ops + ": " + t
                    + "\n  last operations, oldest first:\n    " + String.join("\n    ", recent) + "\n  "
                    + FailureImages.saveWithDump(name + "-seed-" + seed, image), t);
        }
    }

    private void note(String op) {
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast(ops + ": " + op);
        ops++;
    }

    private void step() {
        if (ops >= nextHuge) {
            nextHuge = ops + 15_000 + random.nextInt(15_000);
            byte[] key = gen.key();
            autoPut(key, gen.hugeValue());
            checkGet(key);
            return;
        }
        int roll = random.nextInt(1000);
        if (roll < 250) {
            autoPut(random.nextInt(10) < 6 ? gen.existingKey(model.entries()) : gen.key(), gen.value());
        } else if (roll < 310) {
            autoDelete(random.nextInt(10) < 8 ? gen.existingKey(model.entries()) : gen.key());
        } else if (roll < 610) {
            checkGet(random.nextInt(10) < 7 ? gen.existingKey(model.entries()) : gen.key());
        } else if (roll < 650) {
            byte[] from = gen.bound(model.entries());
            byte[] to = gen.bound(model.entries());
            int limit = 1 + random.nextInt(300);
            note("scan " + UnsignedBytes.show(from) + " .. " + UnsignedBytes.show(to) + " limit " + limit);
            expectSame(model.range(from, to), store.scan(from, to), limit, "scan");
        } else if (roll < 690) {
            byte[] prefix = gen.prefix(model.entries());
            int limit = 1 + random.nextInt(300);
            note("scanPrefix " + UnsignedBytes.show(prefix) + " limit " + limit);
            expectSame(model.range(prefix, UnsignedBytes.prefixEnd(prefix)), store.scanPrefix(prefix), limit, "scanPrefix");
        } else if (roll < 830) {
            batch();
        } else if (roll < 840) {
            interleavedBatches();
        } else if (roll < 850) {
            cursorAcrossCommit();
        } else if (roll < 854) {
            autoPut(gen.key(), gen.bigValue());
        } else if (roll < 856) {
            note("checkpoint");
            store.checkpoint();
        } else if (roll < 857) {
            note("idle");
            store.idle();
        } else if (roll < 859) {
            note("verify");
            store.verify();
        } else if (roll < 860) {
            reopen();
        } else if (roll < 865) {
            note("flush");
            store.flush();
        } else if (roll < 870) {
            deleteRun();
        } else if (roll < 871) {
            crashAndRecover();
        } else if (roll < 931) {
            appendToRun();
        } else {
            checkGet(gen.existingKey(model.entries()));
        }
    }

    /**
     * The next key of one of a few runs (a session's transactions: a prefix and a counter that
     * only grows), each run ending inside the key space, so right-edge and insertion-point splits
     * happen, in leaves and in branches.
     */
    private void appendToRun() {
        int run = random.nextInt(RUNS);
        int n = runNext[run]++;
        byte[] key = new byte[] {'t', 'x', '/', (byte) run, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
        autoPut(key, gen.randomBytes(random.nextInt(160)));
    }

    private static final int RUNS = 3;
    private final int[] runNext = new int[RUNS];

    private void autoPut(byte[] key, byte[] value) {
        note("put " + UnsignedBytes.show(key) + " = " + value.length + " B");
        try (WriteBatch batch = store.begin()) {
            batch.put(key, value);
            batch.commit();
        }
        model.put(key, value);
    }

    private void autoDelete(byte[] key) {
        note("delete " + UnsignedBytes.show(key));
        try (WriteBatch batch = store.begin()) {
            batch.delete(key);
            batch.commit();
        }
        model.delete(key);
    }

    /** Deletes up to 300 consecutive keys in one batch, so that leaves underflow and merge. */
    private void deleteRun() {
        byte[] from = gen.bound(model.entries());
        int count = 1 + random.nextInt(300);
        note("delete up to " + count + " keys from " + UnsignedBytes.show(from));
        TreeMap<byte[], byte[]> doomed = new TreeMap<>(UnsignedBytes.ORDER);
        for (byte[] key : model.range(from, null).keySet()) {
            if (doomed.size() == count) {
                break;
            }
            doomed.put(key, null);
        }
        try (WriteBatch batch = store.begin()) {
            for (byte[] key : doomed.keySet()) {
                batch.delete(key);
            }
            batch.commit();
        }
        model.apply(doomed);
    }

    private void checkGet(byte[] key) {
        note("get " + UnsignedBytes.show(key));
        byte[] got = store.get(key);
        if (!Arrays.equals(got, model.get(key))) {
            throw new AssertionError("get(" + UnsignedBytes.show(key) + ") returned " + UnsignedBytes.show(got)
                    + ", the model has " + UnsignedBytes.show(model.get(key)));
        }
    }

    private void batch() {
        TreeMap<byte[], byte[]> overlay = new TreeMap<>(UnsignedBytes.ORDER);
        note("begin");
        WriteBatch batch = store.begin();
        int n = 1 + random.nextInt(24);
        for (int i = 0; i < n; i++) {
            batchOp(batch, overlay, "batch");
        }
        end(batch, overlay, "batch");
    }

    /**
     * Two batches open at once (an async transaction held across awaits): they do not see each
     * other's writes, each commits on its own, and each reads the latest committed state under
     * its own writes.
     */
    private void interleavedBatches() {
        TreeMap<byte[], byte[]> firstOverlay = new TreeMap<>(UnsignedBytes.ORDER);
        TreeMap<byte[], byte[]> secondOverlay = new TreeMap<>(UnsignedBytes.ORDER);
        note("begin first and second");
        WriteBatch first = store.begin();
        WriteBatch second = store.begin();
        int n = 2 + random.nextInt(16);
        for (int i = 0; i < n; i++) {
            if (random.nextBoolean()) {
                batchOp(first, firstOverlay, "first");
            } else {
                batchOp(second, secondOverlay, "second");
            }
        }
        end(first, firstOverlay, "first");
        for (int i = 0; i < 4; i++) {
            batchOp(second, secondOverlay, "second");
        }
        end(second, secondOverlay, "second");
    }

    /** One random operation on an open batch, checked against the model under the batch's own writes. */
    private void batchOp(WriteBatch batch, TreeMap<byte[], byte[]> overlay, String name) {
        int roll = random.nextInt(100);
        if (roll < 45) {
            byte[] key = random.nextInt(4) == 0 && !overlay.isEmpty() ? gen.existingKey(overlay) : anyKey();
            byte[] value = random.nextInt(200) == 0 ? gen.bigValue() : gen.value();
            note("  " + name + ".put " + UnsignedBytes.show(key) + " = " + value.length + " B");
            batch.put(key, value);
            overlay.put(key, value);
        } else if (roll < 60) {
            byte[] key = random.nextInt(4) == 0 && !overlay.isEmpty() ? gen.existingKey(overlay) : anyKey();
            note("  " + name + ".delete " + UnsignedBytes.show(key));
            batch.delete(key);
            overlay.put(key, DELETED);
        } else if (roll < 80) {
            byte[] key = random.nextBoolean() && !overlay.isEmpty() ? gen.existingKey(overlay) : anyKey();
            note("  " + name + ".get " + UnsignedBytes.show(key));
            byte[] expected = overlay.containsKey(key) ? live(overlay.get(key)) : model.get(key);
            byte[] got = batch.get(key);
            if (!Arrays.equals(got, expected)) {
                throw new AssertionError(name + ".get(" + UnsignedBytes.show(key) + ") returned " + UnsignedBytes.show(got)
                        + ", expected (own writes first) " + UnsignedBytes.show(expected));
            }
        } else if (roll < 88) {
            byte[] from = gen.bound(model.entries());
            byte[] to = gen.bound(model.entries());
            int limit = 1 + random.nextInt(200);
            note("  " + name + ".scan " + UnsignedBytes.show(from) + " .. " + UnsignedBytes.show(to) + " limit " + limit);
            expectSame(merged(from, to, overlay, limit), batch.scan(from, to), limit, name + ".scan");
        } else if (roll < 93) {
            byte[] prefix = gen.prefix(model.entries());
            int limit = 1 + random.nextInt(200);
            note("  " + name + ".scanPrefix " + UnsignedBytes.show(prefix) + " limit " + limit);
            expectSame(merged(prefix, UnsignedBytes.prefixEnd(prefix), overlay, limit), batch.scanPrefix(prefix),
                    limit, name + ".scanPrefix");
        } else {
            // A batch's writes stay invisible to the store until it commits.
            byte[] key = !overlay.isEmpty() ? gen.existingKey(overlay) : anyKey();
            checkGet(key);
        }
    }

    /** Commits (mostly), rolls back, or just closes the batch; the model follows. */
    private void end(WriteBatch batch, TreeMap<byte[], byte[]> overlay, String name) {
        int end = random.nextInt(100);
        if (end < 80) {
            note(name + ".commit (" + overlay.size() + " keys)");
            batch.commit();
            for (Map.Entry<byte[], byte[]> e : overlay.entrySet()) {
                if (e.getValue() == DELETED) {
                    model.delete(e.getKey());
                } else {
                    model.put(e.getKey(), e.getValue());
                }
            }
        } else if (end < 92) {
            note(name + ".rollback");
            batch.rollback();
        } else {
            note(name + ".close without commit");
        }
        batch.close();
        if (!overlay.isEmpty()) {
            checkGet(gen.existingKey(overlay));
        }
    }

    private byte[] anyKey() {
        return random.nextBoolean() ? gen.existingKey(model.entries()) : gen.key();
    }

    private static byte[] live(byte[] overlayValue) {
        return overlayValue == DELETED ? null : overlayValue;
    }

    /** The first {@code limit} entries of the model's range seen through a batch's overlay. */
    private NavigableMap<byte[], byte[]> merged(byte[] from, byte[] to, TreeMap<byte[], byte[]> overlay, int limit) {
        TreeMap<byte[], byte[]> out = new TreeMap<>(UnsignedBytes.ORDER);
        Iterator<Map.Entry<byte[], byte[]>> base = model.range(from, to).entrySet().iterator();
        Iterator<Map.Entry<byte[], byte[]>> own = Model.range(overlay, from, to).entrySet().iterator();
        Map.Entry<byte[], byte[]> b = base.hasNext() ? base.next() : null;
        Map.Entry<byte[], byte[]> o = own.hasNext() ? own.next() : null;
        while (out.size() < limit && (b != null || o != null)) {
            int c = b == null ? 1 : o == null ? -1 : UnsignedBytes.compare(b.getKey(), o.getKey());
            if (c < 0) {
                out.put(b.getKey(), b.getValue());
                b = base.hasNext() ? base.next() : null;
            } else {
                if (o.getValue() != DELETED) {
                    out.put(o.getKey(), o.getValue());
                }
                if (c == 0) {
                    b = base.hasNext() ? base.next() : null;
                }
                o = own.hasNext() ? own.next() : null;
            }
        }
        return out;
    }

    /**
     * A cursor stays valid across a commit and continues after the last key it returned: later
     * keys that the commit did not touch must all appear, touched keys with their old or new value.
     */
    private void cursorAcrossCommit() {
        byte[] from = gen.bound(model.entries());
        note("cursor from " + UnsignedBytes.show(from) + " across a commit");
        Cursor cursor = store.scan(from, null);
        NavigableMap<byte[], byte[]> before = model.range(from, null);
        Iterator<Map.Entry<byte[], byte[]>> expected = before.entrySet().iterator();
        byte[] last = null;
        int m = random.nextInt(20);
        for (int i = 0; i < m; i++) {
            boolean has = cursor.next();
            if (has != expected.hasNext()) {
                throw new AssertionError("cursor from " + UnsignedBytes.show(from) + " ended " + (has ? "late" : "early")
                        + " at position " + i);
            }
            if (!has) {
                return;
            }
            Map.Entry<byte[], byte[]> e = expected.next();
            last = cursor.key();
            if (!Arrays.equals(last, e.getKey()) || !Arrays.equals(cursor.value(), e.getValue())) {
                throw new AssertionError("cursor from " + UnsignedBytes.show(from) + " at position " + i + " returned "
                        + UnsignedBytes.show(last) + ", the model has " + UnsignedBytes.show(e.getKey()));
            }
        }
        TreeMap<byte[], byte[]> oldValues = new TreeMap<>(UnsignedBytes.ORDER);
        try (WriteBatch batch = store.begin()) {
            int n = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                byte[] key = anyKey();
                if (!oldValues.containsKey(key)) {
                    oldValues.put(key, model.get(key) == null ? DELETED : model.get(key));
                }
                if (random.nextInt(3) == 0) {
                    batch.delete(key);
                    model.delete(key);
                } else {
                    byte[] value = gen.value();
                    batch.put(key, value);
                    model.put(key, value);
                }
            }
            batch.commit();
        }
        note("  committed " + oldValues.size() + " keys under the open cursor, continuing after " + UnsignedBytes.show(last));
        if (random.nextInt(3) == 0) {
            // Copy-on-write moves pages and frees the old ones: the cursor must not read them.
            note("  checkpoint under the open cursor");
            store.checkpoint();
        }
        byte[] previous = last;
        for (int i = 0; i < 50 && cursor.next(); i++) {
            byte[] key = cursor.key();
            byte[] value = cursor.value();
            if (previous != null && UnsignedBytes.compare(previous, key) >= 0) {
                throw new AssertionError("cursor went back after a commit: " + UnsignedBytes.show(previous) + " then "
                        + UnsignedBytes.show(key));
            }
            if (from != null && UnsignedBytes.compare(key, from) < 0) {
                throw new AssertionError("cursor left its range: " + UnsignedBytes.show(key));
            }
            byte[] old = oldValues.containsKey(key) ? live(oldValues.get(key)) : model.get(key);
            byte[] now = model.get(key);
            if (!Arrays.equals(value, old) && !Arrays.equals(value, now)) {
                throw new AssertionError("cursor returned " + UnsignedBytes.show(key) + " = " + UnsignedBytes.show(value)
                        + ", neither its value before the commit " + UnsignedBytes.show(old) + " nor after "
                        + UnsignedBytes.show(now));
            }
            NavigableMap<byte[], byte[]> skipped = previous == null ? before.headMap(key, false)
                    : before.subMap(previous, false, key, false);
            for (Map.Entry<byte[], byte[]> e : skipped.entrySet()) {
                if (!oldValues.containsKey(e.getKey())) {
                    throw new AssertionError("cursor skipped " + UnsignedBytes.show(e.getKey())
                            + ", which the commit did not touch, going from " + UnsignedBytes.show(previous) + " to "
                            + UnsignedBytes.show(key));
                }
            }
            previous = key;
        }
    }

    private void reopen() {
        note("reopen");
        pagesMoved += store.stats().pagesMoved;
        store.close();
        file = FaultInjectingFile.over(file.currentImage());
        store = Store.open(file, options);
        fullCompare("after reopen");
    }

    /**
     * A power loss between calls: the file keeps a seeded subset of its unflushed writes. A
     * durable store has flushed every commit, so it must recover all of them; a relaxed store is
     * flushed first, so it must too.
     */
    private void crashAndRecover() {
        if (options.durability() == Durability.RELAXED) {
            note("flush");
            store.flush();
        }
        long imageSeed = random.nextLong();
        note("crash (image seed " + imageSeed + ", " + file.pendingCalls() + " calls pending) and recover");
        pagesMoved += store.stats().pagesMoved;
        file.crashNow();
        file = FaultInjectingFile.over(file.crashImage(imageSeed));
        store = Store.open(file, options);
        fullCompare("after a crash");
        store.verify();
    }

    private void fullCompare(String when) {
        String diff = StoreContents.compare(model.entries(), store.scan(null, null), Integer.MAX_VALUE);
        if (diff != null) {
            throw new AssertionError("full scan " + when + ": " + diff);
        }
    }

    private static void expectSame(NavigableMap<byte[], byte[]> expected, Cursor cursor, int limit, String what) {
        String diff = StoreContents.compare(expected, cursor, limit);
        if (diff != null) {
            throw new AssertionError(what + ": " + diff);
        }
    }
}
