package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.testkit.Gen;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The commit protocol's I/O budget (STYLE habit 4), counted at the file and cross-checked with
 * {@code stats()}: a durable commit of a small batch, with no checkpoint due, costs at most two
 * write calls and exactly one flush (its frame, the flush, then the log watermark, whose durability
 * waits for the next flush); a relaxed commit writes at once and flushes only when the
 * unflushed log passes {@code relaxedFlushBytes}; reads of cached pages cost no read call.
 */
class IoBudgetTest {
    /**
     * Few enough that a small store's log stays under 256 KiB: past that (or half the page space)
     * a checkpoint is due however large checkpointLogBytes is, and this test measures commits alone.
     */
    private static final int COMMITS = 300;

    @Test
    void durableCommitOfASmallBatchCostsAtMostTwoWritesAndExactlyOneFlush() {
        Random random = new Random(31);
        Gen gen = new Gen(random);
        FaultInjectingFile file = new FaultInjectingFile().recordTrace(true);
        StoreOptions options = StoreOptions.defaults().pageSize(4096).checkpointLogBytes(64 << 20).cacheBytes(16 << 20);
        try (Store store = Store.open(file, options)) {
            for (int i = 0; i < COMMITS; i++) {
                StoreStats before = store.stats();
                long writes = file.writeCalls();
                long flushes = file.flushCalls();
                long truncates = file.truncateCalls();
                try (WriteBatch batch = store.begin()) {
                    int n = 1 + random.nextInt(8);
                    for (int j = 0; j < n; j++) {
                        if (random.nextInt(5) == 0) {
                            batch.delete(gen.key());
                        } else {
                            batch.put(gen.key(), gen.randomBytes(random.nextInt(200)));
                        }
                    }
                    batch.commit();
                }
                StoreStats after = store.stats();
                String where = "commit " + i + " (seed 31)";
                assertEquals(0, after.checkpoints - before.checkpoints, where + ": no checkpoint is due");
                assertTrue(file.writeCalls() - writes <= 2, where + " made " + (file.writeCalls() - writes) + " write calls");
                assertTrue(file.writeCalls() - writes >= 1, where + " wrote nothing");
                assertEquals(1, file.flushCalls() - flushes, where + ": flushes");
                assertEquals(2, file.writeCalls() - writes, where + ": the frame and the log watermark");
                List<FaultInjectingFile.Call> calls = file.trace().subList(file.trace().size() - 3, file.trace().size());
                assertEquals(FaultInjectingFile.Kind.FLUSH, calls.get(1).kind, where + ": the frame is flushed before the watermark is written");
                assertEquals(Format.watermarkOffset(i % 2), calls.get(2).byteOffset, where + ": the watermark copies alternate");
                assertEquals(0, file.truncateCalls() - truncates, where + ": truncates");
                assertEquals(file.writeCalls() - writes, after.writeCalls - before.writeCalls, where + ": stats().writeCalls");
                assertEquals(1, after.flushes - before.flushes, where + ": stats().flushes");
                assertEquals(1, after.commits - before.commits, where + ": stats().commits");
            }
        }
    }

    @Test
    void relaxedCommitWritesAtOnceAndFlushesOnlyWhenTheUnflushedLogPassesRelaxedFlushBytes() {
        Random random = new Random(32);
        FaultInjectingFile file = new FaultInjectingFile();
        int flushEvery = 16 << 10;
        StoreOptions options = StoreOptions.defaults().pageSize(4096).checkpointLogBytes(64 << 20).cacheBytes(16 << 20)
                .durability(Durability.RELAXED).relaxedFlushBytes(flushEvery);
        try (Store store = Store.open(file, options)) {
            long flushesAtStart = file.flushCalls();
            long payload = 0;
            for (int i = 0; i < COMMITS; i++) {
                long writes = file.writeCalls();
                try (WriteBatch batch = store.begin()) {
                    byte[] value = new byte[random.nextInt(200)];
                    random.nextBytes(value);
                    batch.put(("relaxed/" + i).getBytes(), value);
                    payload += value.length + 12;
                    batch.commit();
                }
                assertTrue(file.writeCalls() - writes <= 2, "relaxed commit " + i + " made " + (file.writeCalls() - writes)
                        + " write calls");
            }
            long flushes = file.flushCalls() - flushesAtStart;
            assertTrue(flushes >= 1, "the unflushed log passed relaxedFlushBytes " + payload / flushEvery + " times, "
                    + "but nothing was flushed");
            assertTrue(flushes <= payload / flushEvery + 1, flushes + " flushes for about " + payload
                    + " log bytes with relaxedFlushBytes " + flushEvery + ": relaxed commits flush too often");
            long before = file.flushCalls();
            store.flush();
            assertTrue(file.flushCalls() - before <= 1, "flush() made " + (file.flushCalls() - before) + " flush calls");
            for (FaultInjectingFile.Call pending : file.crashCandidates()) {
                assertTrue(pending.byteOffset == Format.watermarkOffset(0) || pending.byteOffset == Format.watermarkOffset(1),
                        "after flush() every frame is durable; only the watermark written after it may wait for the next"
                                + " flush, yet " + pending + " is pending");
            }
        }
    }

    @Test
    void relaxedCommitsBelowRelaxedFlushBytesMakeNoFlushCall() {
        FaultInjectingFile file = new FaultInjectingFile();
        StoreOptions options = StoreOptions.defaults().checkpointLogBytes(64 << 20).durability(Durability.RELAXED)
                .relaxedFlushBytes(1 << 20);
        try (Store store = Store.open(file, options)) {
            long flushes = file.flushCalls();
            for (int i = 0; i < 100; i++) {
                try (WriteBatch batch = store.begin()) {
                    batch.put(("k" + i).getBytes(), new byte[] {(byte) i});
                    batch.commit();
                }
            }
            assertEquals(0, file.flushCalls() - flushes, "100 tiny relaxed commits (far below relaxedFlushBytes) flushed");
        }
    }

    @Test
    void readsOfCachedPagesMakeNoReadCalls() {
        FaultInjectingFile file = new FaultInjectingFile();
        try (Store store = Store.open(file, StoreOptions.defaults().cacheBytes(16 << 20))) {
            byte[][] keys = new byte[2000][];
            try (WriteBatch batch = store.begin()) {
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = String.format("key/%05d", i).getBytes();
                    batch.put(keys[i], Arrays.copyOf(keys[i], 100));
                }
                batch.commit();
            }
            for (byte[] k : keys) {
                store.get(k);
            }
            store.scan(null, null).next();
            long reads = file.readCalls();
            for (int round = 0; round < 3; round++) {
                for (byte[] k : keys) {
                    store.get(k);
                }
            }
            assertEquals(0, file.readCalls() - reads, "6,000 point reads of a store that fits in the cache made read calls");
        }
    }
}
