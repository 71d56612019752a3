package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.io.FaultInjectingFile.Call;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.testkit.Gen;
import cojson.storage.opfs.testkit.Model;
import cojson.storage.opfs.testkit.StoreContents;
import cojson.storage.opfs.testkit.UnsignedBytes;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fails the k-th write or flush, for every k, of one seeded workload that crosses several
 * checkpoints (automatic and explicit), a reopen that recovers a non-empty log and checkpoints at
 * open, and more commits after it; and keeps using the same store object after the failure.
 * After each failure the store holds exactly the acknowledged commits (plus the failed commit iff
 * its failed call was the flush after its frame was written: then the file has it), passes
 * {@code verify()}, takes every later commit, and reopens from its file to the same contents.
 */
class FailAnyCallTest {
    private static final long SEED = 71;
    private static final int COMMITS_BEFORE_REOPEN = 30;
    private static final int COMMITS_AFTER_REOPEN = 20;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Durability.class)
    void failingAnyOneWriteOrFlushLosesNothingAcknowledgedAndTheStoreStaysUsable(Durability durability) {
        Workload dry = new Workload(durability);
        dry.run();
        List<Call> calls = dry.file.trace();
        int injected = 0;
        for (Call call : calls) {
            for (ErrorCode code : call.kind == FaultInjectingFile.Kind.FLUSH
                    ? new ErrorCode[] {ErrorCode.IO} : new ErrorCode[] {ErrorCode.IO, ErrorCode.QUOTA}) {
                Workload w = new Workload(durability);
                w.file.failCall(call.index, code);
                try {
                    w.run();
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(durability + ", seed " + SEED + ", failing " + call + " with " + code
                            + ": " + e.getMessage(), e);
                }
                assertTrue(w.file.injectedFailure() != null, "the run did not reach " + call + ": runs differ");
                injected++;
            }
        }
        assertTrue(dry.checkpoints >= 3, "the workload ran only " + dry.checkpoints + " checkpoints");
        System.out.println("[fail-any-call] " + durability + ": " + calls.size() + " calls, " + injected
                + " injected failures, each recovered in place with every acknowledged commit");
    }

    /** One seeded run: the same calls in the same order whenever no failure changes its course. */
    private static final class Workload {
        final Durability durability;
        final FaultInjectingFile file = new FaultInjectingFile().recordTrace(true);
        final Random random = new Random(SEED);
        final Gen gen = new Gen(random);
        final Model model = new Model();
        Store store;
        long checkpoints;

        Workload(Durability durability) {
            this.durability = durability;
        }

        StoreOptions options(long checkpointLogBytes) {
            return StoreOptions.defaults().pageSize(4096).cacheBytes(256 << 10).checkpointLogBytes(checkpointLogBytes)
                    .durability(durability).relaxedFlushBytes(2 << 10).saltSeed(SEED);
        }

        void run() {
            store = open(options(32 << 10));
            for (int i = 0; i < COMMITS_BEFORE_REOPEN; i++) {
                step(i);
            }
            checkpoints += store.stats().checkpoints;
            if (durability == Durability.RELAXED) {
                attempt(store::flush);
            }
            // A process that ends without closing: the next open replays the log and, its limit now
            // below the log's size, checkpoints at once.
            file.close();
            file.reopen();
            store = open(options(4 << 10));
            assertTrue(file.injectedFailure() != null || store.stats().checkpoints + store.stats().checkpointFailures >= 1,
                    "the reopen did not checkpoint at open"); // (as planned, unless a failure changed the run)
            if (store.stats().checkpointFailures > 0) {
                afterFailure(); // the checkpoint at open failed; the open did not
            }
            for (int i = 0; i < COMMITS_AFTER_REOPEN; i++) {
                step(i);
            }
            checkpoints += store.stats().checkpoints;
            store.verify();
            assertContents("at the end");
            try {
                store.close();
            } catch (StoreException e) {
                assertInjected(e); // a failed close still leaves every acknowledged commit in the file
            }
            try (Store again = Store.open(MemoryFile.of(file.reopen().currentImage()), options(8 << 10))) {
                again.verify();
                assertEquals(null, StoreContents.compare(model.entries(), again.scan(null, null), 5),
                        "reopened after close");
            }
        }

        /** Opens; only creating the file (its header write or flush) may fail, and a second try works. */
        Store open(StoreOptions options) {
            try {
                return Store.open(file, options);
            } catch (StoreException e) {
                assertInjected(e);
                file.reopen();
                return Store.open(file, options);
            }
        }

        void step(int i) {
            if (i % 11 == 10) {
                attempt(store::checkpoint);
            } else if (durability == Durability.RELAXED && i % 7 == 6) {
                attempt(store::flush);
            } else {
                commit(batch());
            }
        }

        void attempt(Runnable action) {
            try {
                action.run();
            } catch (StoreException e) {
                assertInjected(e);
                afterFailure();
            }
        }

        void commit(TreeMap<byte[], byte[]> writes) {
            WriteBatch b = store.begin();
            for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
                if (e.getValue() == null) {
                    b.delete(e.getKey());
                } else {
                    b.put(e.getKey(), e.getValue());
                }
            }
            long recoveriesBefore = store.stats().recoveries;
            try {
                b.commit();
            } catch (StoreException e) {
                assertInjected(e);
                if (lastCall().kind == FaultInjectingFile.Kind.FLUSH) {
                    // Its frame was written before the flush failed: the file, so the store, has it.
                    model.apply(writes);
                }
                afterFailure();
                return;
            }
            model.apply(writes);
            if (store.stats().recoveries > recoveriesBefore) {
                // The checkpoint after the commit failed; the commit stands.
                afterFailure();
            }
        }

        void afterFailure() {
            store.verify();
            assertContents("right after the failure");
            try (Store reopened = Store.open(MemoryFile.of(file.currentImage()), options(8 << 10))) {
                if (durability == Durability.DURABLE) {
                    assertEquals(null, StoreContents.compare(model.entries(), reopened.scan(null, null), 5),
                            "a reopen of the file right after the failure");
                }
            }
        }

        void assertContents(String when) {
            assertEquals(null, StoreContents.compare(model.entries(), store.scan(null, null), 5), when);
        }

        void assertInjected(StoreException e) {
            StoreException injected = file.injectedFailure();
            assertTrue(injected != null && e == injected, "unexpected failure " + e);
        }

        Call lastCall() {
            List<Call> trace = file.trace();
            return trace.get(trace.size() - 1);
        }

        TreeMap<byte[], byte[]> batch() {
            TreeMap<byte[], byte[]> writes = new TreeMap<>(UnsignedBytes.ORDER);
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                byte[] key = random.nextInt(3) == 0 ? gen.existingKey(model.entries()) : gen.key();
                int length = random.nextInt(20) == 0 ? 6000 : random.nextInt(400);
                writes.put(key, random.nextInt(6) == 0 ? null : gen.randomBytes(length));
            }
            return writes;
        }
    }
}
