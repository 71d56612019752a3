package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.io.FaultInjectingFile.Call;
import cojson.storage.opfs.io.MemoryFile;
import cojson.storage.opfs.testkit.Fingerprint;
import cojson.storage.opfs.testkit.Gen;
import cojson.storage.opfs.testkit.Model;
import cojson.storage.opfs.testkit.StoreContents;
import cojson.storage.opfs.testkit.UnsignedBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An I/O failure inside commit or checkpoint fails that operation and leaves the store usable: it
 * recovers in place from its file. Each test runs a seeded store to a fixed point, fails one call
 * of the operation under test with {@code IO} (and, for writes, {@code QUOTA}) and then checks:
 * <ol>
 *   <li>the operation throws the injected error, except a checkpoint that a durable commit
 *       triggered: that commit succeeds;</li>
 *   <li>the same store object then holds every acknowledged commit, and the failed commit only
 *       if its failed call was the flush after its frame was written (never after a failed write),
 *       exactly what a reopen of the file would show; {@code verify()} is clean;</li>
 *   <li>later commits and a checkpoint succeed on it, and a reopen after closing it shows them all;</li>
 *   <li>a power loss right after the failure also reopens to every acknowledged commit, and the
 *       failed commit entirely or not at all.</li>
 * </ol>
 * One call fails nothing: the log watermark's write after a commit's flush (its frame is durable;
 * the watermark only lets a later open prove damage, and the next flush writes it again).
 * Every call of the operation is failed in turn: a failure at the first write, at a page write
 * in the middle of a checkpoint, at the header write, at the flush.
 */
class IoFailureRecoveryTest {
    private static final int PRELOAD_COMMITS = 60;

    /** The operation under test, applied to a store that holds the preload. */
    private enum Operation { SMALL_COMMIT, EXPLICIT_CHECKPOINT, COMMIT_THAT_TRIGGERS_A_CHECKPOINT, CLOSE }

    @Test
    void failedWriteOrFlushInsideACommitFailsItAndTheStoreStaysUsable() {
        assertEveryFailureRecovers(Operation.SMALL_COMMIT, 1);
    }

    @Test
    void failedWriteOrFlushInsideACheckpointFailsItAndTheStoreStaysUsable() {
        assertEveryFailureRecovers(Operation.EXPLICIT_CHECKPOINT, 2);
    }

    @Test
    void failedCallInsideACheckpointThatACommitTriggeredLeavesTheCommitAcknowledged() {
        assertEveryFailureRecovers(Operation.COMMIT_THAT_TRIGGERS_A_CHECKPOINT, 3);
    }

    /** Close may checkpoint and trim the file: a failure there must not lose anything either. */
    @Test
    void failedCallInsideCloseLosesNothingCommitted() {
        assertEveryFailureRecovers(Operation.CLOSE, 4);
    }

    private static void assertEveryFailureRecovers(Operation op, long seed) {
        Scenario dry = new Scenario(op, seed);
        dry.prepare();
        long from = dry.file.callCount();
        dry.operateCountingCheckpoints();
        long to = dry.file.callCount();
        List<Call> calls = new ArrayList<>(dry.file.trace().subList((int) from, (int) to));
        if (op != Operation.CLOSE) {
            dry.store.close();
        }
        assertTrue(to > from, op + " made no write, truncate or flush call (seed " + seed + ")");
        if (op != Operation.SMALL_COMMIT && op != Operation.CLOSE) {
            assertTrue(dry.checkpointsDuringOperation > 0, op + " ran no checkpoint (seed " + seed + ")");
        }
        int tried = 0;
        for (Call call : calls) {
            List<ErrorCode> codes = new ArrayList<>(List.of(ErrorCode.IO));
            if (call.kind != FaultInjectingFile.Kind.FLUSH) {
                codes.add(ErrorCode.QUOTA);
            }
            for (ErrorCode code : codes) {
                String where = op + " seed " + seed + ", failing call " + call + " with " + code;
                try {
                    failAndCheck(op, seed, call.index, code);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(where + ": " + e.getMessage(), e);
                }
                tried++;
            }
        }
        System.out.println("[io-failure] " + op + " seed " + seed + ": " + calls.size() + " calls, " + tried
                + " injected failures" + (op == Operation.CLOSE ? ", none lost a commit" : ", the store recovered in place from each and lost nothing"));
    }

    private static void failAndCheck(Operation op, long seed, long callIndex, ErrorCode code) {
        Scenario s = new Scenario(op, seed);
        s.prepare();
        s.file.failCall(callIndex, code);
        s.commitFlushCall = commitFlushCallOf(op, seed);
        StoreException thrown = null;
        try {
            s.operate();
        } catch (StoreException e) {
            thrown = e;
        }
        StoreException injected = s.file.injectedFailure();
        assertNotNull(injected, "the engine did not reach the call to fail: its calls differ between two runs of the same seed");
        boolean checkpointAfterCommit = op == Operation.COMMIT_THAT_TRIGGERS_A_CHECKPOINT && callIndex > s.commitFlushCall;
        boolean watermarkWrite = isWatermarkWrite(call(s, callIndex));
        if (thrown == null) {
            // Only a checkpoint that runs after the commit is durable, or the watermark written after
            // its flush, may fail without failing the commit; then the commit was acknowledged and must survive.
            assertTrue(checkpointAfterCommit || watermarkWrite, "the operation returned although its call failed");
            s.acknowledged = s.attempted;
        } else {
            assertTrue(!checkpointAfterCommit && !watermarkWrite,
                    "a commit failed because the checkpoint or the watermark after it failed: " + thrown);
            assertTrue(causedBy(thrown, injected), "the operation threw " + thrown + ", not the injected " + injected);
            assertEquals(code, thrown.code(), "the operation's error code");
        }
        Fingerprint afterPowerLoss = reopened(s.file.durableImage(), s);
        assertTrue(afterPowerLoss.sameAs(s.acknowledged) || (s.attempted != null && afterPowerLoss.sameAs(s.attempted)),
                "reopened after a power loss right after the failure, the store holds " + afterPowerLoss
                        + ", neither the acknowledged " + s.acknowledged + " nor the attempted " + s.attempted);

        if (op == Operation.CLOSE) {
            assertReopensToAcknowledged(s);
            return;
        }
        // The same store object, without a reopen.
        s.store.verify();
        assertTrue(watermarkWrite || s.store.stats().recoveries >= 1, "no in-place recovery was counted");
        Fingerprint live = StoreContents.fingerprint(s.store.scan(null, null));
        boolean failedCommit = thrown != null && s.attempted != null;
        if (failedCommit && call(s, callIndex).kind == FaultInjectingFile.Kind.FLUSH) {
            // The frame reached the file before its flush failed: the store, like a reopen, has it.
            assertTrue(live.sameAs(s.attempted), "after a failed flush the store holds " + live
                    + ", not the commit whose frame the file holds " + s.attempted);
            s.model.apply(s.attemptedWrites);
        } else {
            assertTrue(live.sameAs(s.model.fingerprint()), "after the failure the store holds " + live
                    + ", not the acknowledged commits " + s.model.fingerprint());
        }
        assertTrue(live.sameAs(reopened(s.file.currentImage(), s)), "the store and a reopen of its file disagree");
        for (int i = 0; i < 20; i++) {
            s.commit(s.batch());
        }
        s.store.checkpoint();
        for (int i = 0; i < 5; i++) {
            s.commit(s.batch());
        }
        s.store.verify();
        assertTrue(StoreContents.fingerprint(s.store.scan(null, null)).sameAs(s.model.fingerprint()),
                "later commits on the recovered store are not all there");
        s.store.close();
        assertTrue(reopened(s.file.reopen().currentImage(), s).sameAs(s.model.fingerprint()),
                "reopened after close, the store lacks commits made after the recovery");
    }

    private static boolean isWatermarkWrite(Call c) {
        return c.kind == FaultInjectingFile.Kind.WRITE
                && (c.byteOffset == Format.watermarkOffset(0) || c.byteOffset == Format.watermarkOffset(1));
    }

    private static Call call(Scenario s, long index) {
        for (Call c : s.file.trace()) {
            if (c.index == index) {
                return c;
            }
        }
        throw new AssertionError("no call " + index + " in the trace");
    }

    private static void assertReopensToAcknowledged(Scenario s) {
        Fingerprint found = reopened(s.file.reopen().currentImage(), s);
        assertTrue(found.sameAs(s.acknowledged), "reopened as the OS shows the file, the store holds " + found
                + ", not the acknowledged " + s.acknowledged);
    }

    private static final Map<String, Long> FLUSH_CALLS = new java.util.HashMap<>();

    /** Where the operation's own flush falls, from a dry run (cached per operation and seed). */
    private static long commitFlushCallOf(Operation op, long seed) {
        return FLUSH_CALLS.computeIfAbsent(op + "/" + seed, k -> {
            Scenario dry = new Scenario(op, seed);
            dry.prepare();
            dry.operate();
            dry.store.close();
            return dry.commitFlushCall;
        });
    }

    private static Fingerprint reopened(byte[] image, Scenario s) {
        try (Store again = Store.open(MemoryFile.of(image), s.options)) {
            again.verify();
            return StoreContents.fingerprint(again.scan(null, null));
        }
    }

    private static boolean causedBy(Throwable e, Throwable cause) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t == cause) {
                return true;
            }
        }
        return false;
    }

    /** A seeded store brought to the point where the operation under test runs. */
    private static final class Scenario {
        final Operation op;
        final Random random;
        final Gen gen;
        final StoreOptions options;
        final FaultInjectingFile file = new FaultInjectingFile().recordTrace(true);
        final Model model = new Model();
        Store store;
        Fingerprint acknowledged;
        Fingerprint attempted;
        TreeMap<byte[], byte[]> attemptedWrites;
        long checkpointsDuringOperation;
        /** In the dry run: the call index of the operation's first flush. */
        long commitFlushCall = Long.MAX_VALUE;

        Scenario(Operation op, long seed) {
            this.op = op;
            this.random = new Random(seed);
            this.gen = new Gen(random);
            long logBytes = op == Operation.COMMIT_THAT_TRIGGERS_A_CHECKPOINT ? 16 << 10 : 16 << 20;
            this.options = StoreOptions.defaults().pageSize(4096).cacheBytes(1 << 20).checkpointLogBytes(logBytes);
        }

        void prepare() {
            store = Store.open(file, options);
            for (int i = 0; i < PRELOAD_COMMITS; i++) {
                commit(batch());
            }
            if (op == Operation.COMMIT_THAT_TRIGGERS_A_CHECKPOINT) {
                // Commit until the log is one commit short of its checkpoint threshold.
                while (store.stats().logBytes + 1200 < options.checkpointLogBytes()) {
                    commit(batch());
                }
            }
            acknowledged = model.fingerprint();
        }

        /** Runs the operation under test; only the operation itself may throw. */
        void operate() {
            long from = file.callCount();
            if (op == Operation.EXPLICIT_CHECKPOINT) {
                store.checkpoint();
            } else if (op == Operation.CLOSE) {
                store.close();
            } else {
                TreeMap<byte[], byte[]> writes = batch();
                if (op == Operation.COMMIT_THAT_TRIGGERS_A_CHECKPOINT) {
                    writes.put("padding to pass the threshold".getBytes(), gen.randomBytes(1500));
                }
                Model after = model.copy();
                after.apply(writes);
                attempted = after.fingerprint();
                attemptedWrites = writes;
                commit(writes);
            }
            commitFlushCall = firstFlush(from);
        }

        /** The dry run: the operation, counting the checkpoints it ran. */
        void operateCountingCheckpoints() {
            if (op == Operation.CLOSE) {
                operate();
                return;
            }
            long before = store.stats().checkpoints;
            operate();
            checkpointsDuringOperation = store.stats().checkpoints - before;
        }

        /** The index of the first flush from call {@code from} on: a commit's own flush. */
        private long firstFlush(long from) {
            List<Call> trace = file.trace();
            for (int i = (int) from; i < trace.size(); i++) {
                if (trace.get(i).kind == FaultInjectingFile.Kind.FLUSH) {
                    return trace.get(i).index;
                }
            }
            return Long.MAX_VALUE;
        }

        private TreeMap<byte[], byte[]> batch() {
            TreeMap<byte[], byte[]> writes = new TreeMap<>(UnsignedBytes.ORDER);
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                byte[] key = random.nextInt(3) == 0 ? gen.existingKey(model.entries()) : gen.key();
                writes.put(key, random.nextInt(6) == 0 ? null : gen.randomBytes(random.nextInt(300)));
            }
            return writes;
        }

        private void commit(TreeMap<byte[], byte[]> writes) {
            try (WriteBatch b = store.begin()) {
                for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
                    if (e.getValue() == null) {
                        b.delete(e.getKey());
                    } else {
                        b.put(e.getKey(), e.getValue());
                    }
                }
                b.commit();
            }
            model.apply(writes);
        }
    }
}
