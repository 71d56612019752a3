package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.*;

import cojson.storage.opfs.io.CountingFile;
import cojson.storage.opfs.io.MemoryFile;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The file gives back what erasures free: a checkpoint moves pages from the end of the page space
 * into free pages below them and cuts the file; the store reads the same afterwards; an idle
 * store checkpoints only when it is worth it, and then a reopen replays nothing.
 */
class CompactionTest {
    private static StoreOptions options() {
        return StoreOptions.defaults().saltSeed(9).cacheBytes(1 << 20);
    }

    private static byte[] key(int i) {
        return String.format("key/%07d", i).getBytes();
    }

    private static byte[] value(Random rnd, int i) {
        // One in 50 values overflows a page (4–40 KiB), so overflow runs move too.
        byte[] v = new byte[i % 50 == 7 ? 4096 + rnd.nextInt(36 << 10) : 40 + rnd.nextInt(200)];
        rnd.nextBytes(v);
        return v;
    }

    private static void putAll(Store store, TreeMap<Integer, byte[]> model, int from, int to, Random rnd) {
        for (int i = from; i < to; i += 100) {
            try (WriteBatch b = store.begin()) {
                for (int k = i; k < Math.min(to, i + 100); k++) {
                    byte[] v = value(rnd, k);
                    b.put(key(k), v);
                    model.put(k, v);
                }
                b.commit();
            }
        }
    }

    private static void deleteEvery(Store store, TreeMap<Integer, byte[]> model, java.util.function.IntPredicate doomed) {
        Integer[] keys = model.keySet().toArray(new Integer[0]);
        for (int i = 0; i < keys.length; i += 200) {
            try (WriteBatch b = store.begin()) {
                for (int j = i; j < Math.min(keys.length, i + 200); j++) {
                    if (doomed.test(keys[j])) {
                        b.delete(key(keys[j]));
                        model.remove(keys[j]);
                    }
                }
                b.commit();
            }
        }
    }

    private static void assertSame(Store store, TreeMap<Integer, byte[]> model) {
        store.verify();
        assertEquals(model.size(), store.size());
        Cursor c = store.scan(null, null);
        for (var e : model.entrySet()) {
            assertTrue(c.next());
            assertArrayEquals(key(e.getKey()), c.key());
            assertArrayEquals(e.getValue(), c.value(), "value of key " + e.getKey());
        }
        assertFalse(c.next());
    }

    private static double freeShare(StoreStats s) {
        return (double) (s.freePages + s.pendingPages) / (s.pageCount - Format.firstPage(s.pageSize));
    }

    @Test
    void erasingMostKeysShrinksTheFileAndKeepsEveryOtherEntry() {
        MemoryFile file = new MemoryFile();
        Random rnd = new Random(1);
        TreeMap<Integer, byte[]> model = new TreeMap<>();
        Store store = Store.open(file, options());
        putAll(store, model, 0, 30_000, rnd);
        store.checkpoint();
        long full = file.size();
        // Erase 80%, spread over the whole key space, so every page keeps some live entries.
        deleteEvery(store, model, k -> k % 5 != 0);
        store.checkpoint();
        StoreStats s = store.stats();
        assertTrue(s.pagesMoved > 0, "pages moved: " + s);
        assertTrue(freeShare(s) <= Store.MAX_FREE_SHARE, "free share " + freeShare(s) + ": " + s);
        assertTrue(file.size() <= full * 0.35, "file " + file.size() + " of " + full + " after erasing 80%");
        assertEquals(s.fileBytes, file.size());
        assertSame(store, model);
        store.close();
        Store reopened = Store.open(MemoryFile.of(file.snapshot()), options());
        assertSame(reopened, model);
        reopened.close();
    }

    @Test
    void overflowValuesAtTheEndMoveIntoHolesBelowThem() {
        MemoryFile file = new MemoryFile();
        Random rnd = new Random(2);
        TreeMap<Integer, byte[]> model = new TreeMap<>();
        Store store = Store.open(file, options());
        putAll(store, model, 0, 10_000, rnd);
        store.checkpoint();
        // Large values last: their runs lie at the end of the page space.
        try (WriteBatch b = store.begin()) {
            for (int k = 20_000; k < 20_040; k++) {
                byte[] v = new byte[30_000 + k];
                rnd.nextBytes(v);
                b.put(key(k), v);
                model.put(k, v);
            }
            b.commit();
        }
        store.checkpoint();
        long before = store.stats().pagesMoved;
        deleteEvery(store, model, k -> k < 10_000 && k % 10 != 0);
        store.checkpoint();
        StoreStats s = store.stats();
        // 40 runs of 8 pages each were at the end: far more than the small pages could account for.
        assertTrue(s.pagesMoved - before >= 320, "pages moved " + (s.pagesMoved - before) + ": " + s);
        assertTrue(freeShare(s) <= Store.MAX_FREE_SHARE, "free share " + freeShare(s) + ": " + s);
        assertSame(store, model);
        store.close();
        Store reopened = Store.open(MemoryFile.of(file.snapshot()), options());
        assertSame(reopened, model);
        reopened.close();
    }

    @Test
    void idleChecksNothingWorthDoingWithoutWriting() {
        MemoryFile file = new MemoryFile();
        Store store = Store.open(file, options());
        putAll(store, new TreeMap<>(), 0, 50, new Random(3));
        store.checkpoint();
        try (WriteBatch b = store.begin()) {
            b.put(key(1), new byte[10]);
            b.commit();
        }
        long writes = store.stats().writeCalls;
        assertFalse(store.idle(), "a log of one small commit is not worth a checkpoint");
        assertEquals(writes, store.stats().writeCalls);
        store.close();
    }

    @Test
    void anIdleCheckpointLeavesNoLogSoAReopenReadsTheSameWhateverTheFileSize() {
        long[] readsAtOpen = new long[3];
        long[] sizes = new long[3];
        for (int round = 0; round < 3; round++) {
            MemoryFile file = new MemoryFile();
            Random rnd = new Random(4);
            // 2, 8 and 32 times as many entries; the log is left long (no checkpoint due before 8 MiB).
            StoreOptions opts = options().checkpointLogBytes(8 << 20).cacheBytes(64 << 20);
            Store store = Store.open(file, opts);
            int n = 5_000 << (2 * round);
            TreeMap<Integer, byte[]> model = new TreeMap<>();
            putAll(store, model, 0, n, rnd);
            assertTrue(store.stats().logBytes > Store.IDLE_LOG_BYTES);
            assertTrue(store.idle(), "a long log is worth an idle checkpoint");
            assertEquals(0, store.stats().logBytes);
            assertTrue(freeShare(store.stats()) <= Store.MAX_FREE_SHARE, store.stats().toString());
            // The tab goes away without closing: reopen the bytes as they are.
            byte[] bytes = file.snapshot();
            sizes[round] = bytes.length;
            CountingFile counted = new CountingFile(MemoryFile.of(bytes));
            Store reopened = Store.open(counted, opts);
            readsAtOpen[round] = counted.readCalls();
            assertEquals(0, reopened.stats().logBytes);
            assertEquals(n, reopened.size());
            reopened.close();
            store.close();
        }
        assertTrue(sizes[2] > 10 * sizes[0], Arrays.toString(sizes));
        // The header slots and the free list's page (if any): nothing that grows with the file.
        for (long reads : readsAtOpen) {
            assertTrue(reads <= 3, "read calls at open for files of " + Arrays.toString(sizes) + " bytes: "
                    + Arrays.toString(readsAtOpen));
        }
    }

    /**
     * Churn: 20,000 random keys; then ten rounds of erasing a random half and inserting as many
     * new random keys, each round ended by an idle store. The file holds as many entries after
     * every round as after the first, and must stay within 15% of the first round's size (random
     * keys leave leaves ~70% full, whatever the round).
     */
    @Test
    void churnOfInsertEraseHalfReinsertKeepsTheFileWithinFifteenPercentOfItsFirstSize() {
        MemoryFile file = new MemoryFile();
        Random rnd = new Random(6);
        Store store = Store.open(file, options());
        TreeMap<Integer, byte[]> model = new TreeMap<>();
        java.util.function.IntSupplier fresh = () -> {
            int k;
            do {
                k = rnd.nextInt(10_000_000);
            } while (model.containsKey(k));
            return k;
        };
        insertRandom(store, model, 20_000, fresh, rnd);
        store.idle();
        long first = file.size();
        long largest = first;
        for (int round = 1; round <= 10; round++) {
            deleteEvery(store, model, k -> rnd.nextBoolean());
            insertRandom(store, model, 20_000 - model.size(), fresh, rnd);
            store.idle();
            largest = Math.max(largest, file.size());
            assertTrue(file.size() <= first * 1.15, "round " + round + ": file " + file.size() + ", first " + first
                    + ": " + store.stats());
        }
        System.out.printf("[churn] 20,000 random keys, 10 rounds of erase half + reinsert: file %,d B after the first,"
                + " at most %,d B after later rounds%n", first, largest);
        assertSame(store, model);
        store.close();
    }

    private static void insertRandom(Store store, TreeMap<Integer, byte[]> model, int count,
                                     java.util.function.IntSupplier fresh, Random rnd) {
        for (int i = 0; i < count; i += 100) {
            try (WriteBatch b = store.begin()) {
                for (int j = i; j < Math.min(count, i + 100); j++) {
                    int k = fresh.getAsInt();
                    byte[] v = value(rnd, k);
                    b.put(key(k), v);
                    model.put(k, v);
                }
                b.commit();
            }
        }
    }
}
