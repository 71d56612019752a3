package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An I/O failure inside commit or checkpoint poisons the handle (STYLE habit 8). Each test runs
 * a seeded store to a fixed point, fails one call of the operation under test with {@code IO}
 * (and, for writes, {@code QUOTA}) and then checks:
 * <ol>
 *   <li>the operation throws the injected error;</li>
 *   <li>every later call (get, scan, scanPrefix, begin, flush, checkpoint, verify) throws
 *       {@code FAILED} whose cause is that first error, also after further attempts;</li>
 *   <li>reopening the file (as the OS shows it, and as a power loss right after would leave it)
 *       recovers every acknowledged commit, and the failed commit entirely or not at all.</li>
 * </ol>
 * Every call of the operation is failed in turn: a failure at the first write, at a page write
 * in the middle of a checkpoint, at the header write, at the flush.
 */
class IoFailurePoisoningTest {
    private static final int PRELOAD_COMMITS = 60;

    /** The operation under test, applied to a store that holds the preload. */
    private enum Operation { SMALL_COMMIT, EXPLICIT_CHECKPOINT, COMMIT_THAT_TRIGGERS_A_CHECKPOINT, CLOSE }

    @Test
    void failedWriteOrFlushInsideACommitPoisonsTheHandleUntilReopen() {
        assertEveryFailurePoisons(Operation.SMALL_COMMIT, 1);
    }

    @Test
    void failedWriteOrFlushInsideACheckpointPoisonsTheHandleUntilReopen() {
        assertEveryFailurePoisons(Operation.EXPLICIT_CHECKPOINT, 2);
    }

    @Test
    void failedCallInsideACheckpointThatACommitTriggeredPoisonsTheHandleUntilReopen() {
        assertEveryFailurePoisons(Operation.COMMIT_THAT_TRIGGERS_A_CHECKPOINT, 3);
    }

    /** Close may checkpoint and trim the file: a failure there must not lose anything either. */
    @Test
    void failedCallInsideCloseLosesNothingCommitted() {
        assertEveryFailurePoisons(Operation.CLOSE, 4);
    }

    private static void assertEveryFailurePoisons(Operation op, long seed) {
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
                + " injected failures" + (op == Operation.CLOSE ? ", none lost a commit" : ", each poisoned the handle and lost nothing"));
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
        if (thrown == null) {
            // Only a checkpoint that runs after the commit is durable may fail without failing the
            // commit; then the commit was acknowledged and must survive.
            assertTrue(op == Operation.COMMIT_THAT_TRIGGERS_A_CHECKPOINT && callIndex > s.commitFlushCall,
                    "the operation returned although its call failed");
            s.acknowledged = s.attempted;
        } else {
            assertTrue(causedBy(thrown, injected), "the operation threw " + thrown + ", not the injected " + injected);
            assertEquals(code, thrown.code(), "the operation's error code");
        }

        if (op == Operation.CLOSE) {
            assertReopensToAcknowledged(s);
            return;
        }
        assertPoisoned(s.store, injected, "get", st -> st.get(new byte[] {1}));
        assertPoisoned(s.store, injected, "scan", st -> st.scan(null, null).next());
        assertPoisoned(s.store, injected, "scanPrefix", st -> st.scanPrefix(new byte[] {'a'}).next());
        assertPoisoned(s.store, injected, "begin", Store::begin);
        assertPoisoned(s.store, injected, "flush", Store::flush);
        assertPoisoned(s.store, injected, "checkpoint", Store::checkpoint);
        assertPoisoned(s.store, injected, "verify", Store::verify);
        assertPoisoned(s.store, injected, "get (again)", st -> st.get(new byte[] {1}));
        try {
            s.store.close();
        } catch (StoreException e) {
            // Closing a failed store may report the failure again; it must still release the file.
        }
        assertReopensToAcknowledged(s);
    }

    private static void assertReopensToAcknowledged(Scenario s) {
        Fingerprint found = reopened(s.file.reopen().currentImage(), s);
        assertTrue(found.sameAs(s.acknowledged) || (s.attempted != null && found.sameAs(s.attempted)),
                "reopened as the OS shows the file, the store holds " + found + ", neither the acknowledged "
                        + s.acknowledged + " nor the attempted " + s.attempted);
        found = reopened(s.file.durableImage(), s);
        assertTrue(found.sameAs(s.acknowledged) || (s.attempted != null && found.sameAs(s.attempted)),
                "reopened after a power loss right after the failure, the store holds " + found
                        + ", neither the acknowledged " + s.acknowledged + " nor the attempted " + s.attempted);
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

    private static void assertPoisoned(Store store, StoreException first, String call, Consumer<Store> action) {
        try {
            action.accept(store);
        } catch (StoreException e) {
            if (e.code() != ErrorCode.FAILED) {
                fail(call + " after the failure threw " + e.code() + " instead of FAILED: " + e);
            }
            if (!causedBy(e, first)) {
                fail(call + " after the failure threw FAILED whose cause is " + e.getCause() + ", not the first error " + first);
            }
            return;
        }
        fail(call + " after an I/O failure inside commit or checkpoint succeeded: the handle is not poisoned");
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
