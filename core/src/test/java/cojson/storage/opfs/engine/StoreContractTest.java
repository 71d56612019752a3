package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.testkit.StoreContents;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The store's API contract at its edges: limits, states, read-only opens, stats, space reuse. */
class StoreContractTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(Store store, byte[] key, byte[] value) {
        try (WriteBatch batch = store.begin()) {
            batch.put(key, value);
            batch.commit();
        }
    }

    private static StoreOptions small() {
        return StoreOptions.defaults().pageSize(4096).cacheBytes(64 << 10).checkpointLogBytes(16 << 10);
    }

    @Test
    void valueOfExactly4MiBRoundTripsThroughCommitCheckpointAndReopen() {
        byte[] value = new byte[4 << 20];
        new Random(41).nextBytes(value);
        MemoryFile file = new MemoryFile();
        try (Store store = Store.open(file, small())) {
            put(store, b("huge"), value);
            put(store, b("small"), b("x"));
            assertArrayEquals(value, store.get(b("huge")));
            store.checkpoint();
            assertArrayEquals(value, store.get(b("huge")));
        }
        try (Store store = Store.open(MemoryFile.of(file.snapshot()), small())) {
            assertArrayEquals(value, store.get(b("huge")));
            Cursor c = store.scanPrefix(b("hu"));
            assertTrue(c.next());
            assertArrayEquals(value, c.value());
            store.verify();
        }
    }

    @Test
    void keyOfExactly1KiBRoundTripsAndALongerKeyIsRejectedWithInvalidArgument() {
        byte[] key = new byte[1024];
        Arrays.fill(key, (byte) 0xFF);
        try (Store store = Store.open(new MemoryFile(), small())) {
            put(store, key, b("v"));
            assertArrayEquals(b("v"), store.get(key));
            try (WriteBatch batch = store.begin()) {
                StoreException e = assertThrows(StoreException.class, () -> batch.put(new byte[1025], b("v")));
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            }
            store.verify();
        }
    }

    @Test
    void emptyValueIsStoredAndDistinctFromAbsent() {
        try (Store store = Store.open(new MemoryFile(), small())) {
            put(store, b("empty"), new byte[0]);
            assertArrayEquals(new byte[0], store.get(b("empty")));
            assertNull(store.get(b("absent")));
        }
    }

    /** WriteBatch's contract: batches are not isolated; each commits on its own, reading the latest committed state under its own writes. */
    @Test
    void severalOpenBatchesCommitOnTheirOwnAndEachReadsTheLatestCommittedStateUnderItsOwnWrites() {
        try (Store store = Store.open(new MemoryFile(), small())) {
            put(store, b("a"), b("0"));
            WriteBatch first = store.begin();
            WriteBatch second = store.begin();
            first.put(b("a"), b("1"));
            second.put(b("b"), b("2"));
            assertNull(first.get(b("b")), "a batch does not see another batch's uncommitted writes");
            assertArrayEquals(b("0"), second.get(b("a")));
            first.commit();
            assertArrayEquals(b("1"), second.get(b("a")), "a batch reads the latest committed state");
            assertEquals(2, StoreContents.readAll(second.scan(null, null)).size());
            second.commit();
            assertArrayEquals(b("1"), store.get(b("a")));
            assertArrayEquals(b("2"), store.get(b("b")));
        }
    }

    @Test
    void batchUsedAfterCommitOrRollbackThrowsClosed() {
        try (Store store = Store.open(new MemoryFile(), small())) {
            WriteBatch committed = store.begin();
            committed.put(b("a"), b("1"));
            committed.commit();
            assertEquals(ErrorCode.CLOSED, assertThrows(StoreException.class, () -> committed.put(b("b"), b("2"))).code());
            WriteBatch rolledBack = store.begin();
            rolledBack.rollback();
            assertEquals(ErrorCode.CLOSED, assertThrows(StoreException.class, rolledBack::commit).code());
            assertNull(store.get(b("b")));
        }
    }

    @Test
    void closedStoreThrowsClosed() {
        Store store = Store.open(new MemoryFile(), small());
        store.close();
        assertEquals(ErrorCode.CLOSED, assertThrows(StoreException.class, () -> store.get(b("a"))).code());
        assertEquals(ErrorCode.CLOSED, assertThrows(StoreException.class, store::begin).code());
        store.close();
    }

    @Test
    void rangeScansHonourBoundsAndUnsignedOrder() {
        try (Store store = Store.open(new MemoryFile(), small())) {
            byte[][] keys = {{0}, {0, 0}, {1}, {0x7F}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xFF, (byte) 0xFF}, {(byte) 0xFF, 0}};
            try (WriteBatch batch = store.begin()) {
                for (byte[] k : keys) {
                    batch.put(k, k);
                }
                batch.commit();
            }
            assertEquals(8, StoreContents.readAll(store.scan(null, null)).size());
            assertEquals(8, StoreContents.readAll(store.scanPrefix(new byte[0])).size());
            assertEquals(3, StoreContents.readAll(store.scanPrefix(new byte[] {(byte) 0xFF})).size());
            assertEquals(1, StoreContents.readAll(store.scanPrefix(new byte[] {(byte) 0xFF, (byte) 0xFF})).size());
            assertFalse(store.scan(new byte[] {5}, new byte[] {5}).next(), "from == to is empty");
            assertFalse(store.scan(new byte[] {6}, new byte[] {5}).next(), "from > to is empty");
            TreeMap<byte[], byte[]> high = StoreContents.readAll(store.scan(new byte[] {(byte) 0x80}, null));
            assertEquals(4, high.size(), "0x80 and above sort after 0x7F (unsigned)");
        }
    }

    @Test
    void returnedArraysAreFreshCopies() {
        try (Store store = Store.open(new MemoryFile(), small())) {
            put(store, b("k"), b("value"));
            byte[] got = store.get(b("k"));
            got[0] = 'X';
            Cursor c = store.scan(null, null);
            assertTrue(c.next());
            c.key()[0] = 'X';
            c.value()[0] = 'X';
            assertArrayEquals(b("value"), store.get(b("k")));
            assertArrayEquals(b("k"), StoreContents.readAll(store.scan(null, null)).firstKey());
        }
    }

    @Test
    void readOnlyOpenOfACrashedFileReplaysItsLogWithoutWritingAndRefusesBatches() {
        FaultInjectingFile live = new FaultInjectingFile();
        Store writer = Store.open(live, small().checkpointLogBytes(1 << 20));
        for (int i = 0; i < 50; i++) {
            put(writer, b("k" + i), b("v" + i));
        }
        live.crashNow();
        FaultInjectingFile crashed = FaultInjectingFile.over(live.durableImage());
        try (Store reader = Store.open(crashed, small().readOnly(true))) {
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(b("v" + i), reader.get(b("k" + i)), "key k" + i);
            }
            reader.verify();
            assertThrows(StoreException.class, reader::begin);
        }
        assertEquals(0, crashed.writeCalls() + crashed.truncateCalls() + crashed.flushCalls(),
                "a read-only open must not write, truncate or flush");
    }

    @Test
    void existingFileKeepsItsOwnPageSize() {
        MemoryFile file = new MemoryFile();
        try (Store store = Store.open(file, small())) {
            put(store, b("a"), b("1"));
        }
        try (Store store = Store.open(MemoryFile.of(file.snapshot()), small().pageSize(16384))) {
            assertEquals(4096, store.stats().pageSize);
            assertArrayEquals(b("1"), store.get(b("a")));
        }
    }

    @Test
    void emptyFileOpensAsAnEmptyStore() {
        try (Store store = Store.open(new MemoryFile(), small())) {
            assertFalse(store.scan(null, null).next());
            store.verify();
        }
    }

    @Test
    void fileOfRandomBytesIsReportedAsCorrupt() {
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            byte[] garbage = new byte[4096 * (1 + random.nextInt(16)) + random.nextInt(100)];
            random.nextBytes(garbage);
            StoreException e = assertThrows(StoreException.class, () -> {
                try (Store store = Store.open(MemoryFile.of(garbage), small())) {
                    store.verify();
                    StoreContents.readAll(store.scan(null, null));
                }
            }, "seed " + seed);
            assertTrue(e.code() == ErrorCode.CORRUPT || e.code() == ErrorCode.UNSUPPORTED_FORMAT, "seed " + seed + ": " + e);
        }
    }

    @Test
    void statsDescribeTheFileAndCountTheWork() {
        FaultInjectingFile file = new FaultInjectingFile();
        try (Store store = Store.open(file, small())) {
            for (int i = 0; i < 200; i++) {
                put(store, b("key" + i), new byte[300]);
            }
            store.checkpoint();
            StoreStats s = store.stats();
            assertEquals(file.size(), s.fileBytes, "fileBytes");
            assertEquals(4096, s.pageSize, "pageSize");
            assertTrue(s.pageCount >= 1 && s.pageCount * s.pageSize <= s.fileBytes, "pageCount " + s.pageCount + " in " + s);
            assertTrue(s.freePages >= 0 && s.freePages <= s.pageCount, "freePages in " + s);
            assertTrue(s.cacheBytes <= 64 << 10, "the cache holds " + s.cacheBytes + " bytes, over its 64 KiB budget");
            assertEquals(200, s.commits, "commits in " + s);
            assertTrue(s.checkpoints >= 1, "checkpoints in " + s);
            assertTrue(s.writeCalls <= file.writeCalls() && s.flushes <= file.flushCalls(), s + " counts calls the file never saw");
            assertTrue(s.bytesWritten <= file.bytesWritten(), "bytesWritten in " + s);
        }
    }

    @Test
    void storeFarLargerThanItsCacheStaysWithinTheCacheBudget() {
        Random random = new Random(43);
        try (Store store = Store.open(new MemoryFile(), small())) {
            for (int i = 0; i < 400; i++) {
                try (WriteBatch batch = store.begin()) {
                    for (int j = 0; j < 10; j++) {
                        byte[] value = new byte[1000 + random.nextInt(1000)];
                        Arrays.fill(value, (byte) (i + j));
                        batch.put(String.format("row/%04d/%02d", i, j).getBytes(), value);
                    }
                    batch.commit();
                }
            }
            assertTrue(store.stats().fileBytes > 100 * (64 << 10) / 16, "the store is not much larger than its cache");
            for (int i = 0; i < 400; i += 7) {
                byte[] v = store.get(String.format("row/%04d/%02d", i, i % 10).getBytes());
                assertEquals((byte) (i + i % 10), v[0]);
            }
            store.verify();
            assertTrue(store.stats().cacheBytes <= 64 << 10, "the cache holds " + store.stats().cacheBytes
                    + " bytes, over its 64 KiB budget");
        }
    }

    /** Overwriting the same keys again and again must reuse freed pages, not grow the file. */
    @Test
    void overwriteChurnReusesFreeSpaceSoTheFileStopsGrowing() {
        Random random = new Random(44);
        try (Store store = Store.open(new MemoryFile(), small())) {
            long sizeAfterWarmUp = 0;
            for (int round = 0; round < 60; round++) {
                for (int i = 0; i < 200; i += 10) {
                    try (WriteBatch batch = store.begin()) {
                        for (int j = i; j < i + 10; j++) {
                            byte[] value = new byte[500 + random.nextInt(1500)];
                            random.nextBytes(value);
                            batch.put(("churn/" + j).getBytes(), value);
                        }
                        batch.commit();
                    }
                }
                store.checkpoint();
                if (round == 10) {
                    sizeAfterWarmUp = store.stats().fileBytes;
                }
            }
            long sizeAtEnd = store.stats().fileBytes;
            assertTrue(sizeAtEnd <= sizeAfterWarmUp * 3 / 2 + (64 << 10), "the file grew from " + sizeAfterWarmUp
                    + " to " + sizeAtEnd + " bytes over 50 rounds of overwriting the same 200 keys");
            store.verify();
        }
    }
}
