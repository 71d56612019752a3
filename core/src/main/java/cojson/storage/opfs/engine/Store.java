package cojson.storage.opfs.engine;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import cojson.storage.opfs.io.CountingFile;
import java.util.Random;
import java.util.TreeMap;

/**
 * A crash-safe key-value store in one file: a copy-on-write B+tree, a commit log of records, and
 * checkpoints that move the commit point (format and crash invariants in {@link Format}).
 *
 * <p>Single-threaded and synchronous. A write or flush that fails ({@link ErrorCode#QUOTA},
 * {@link ErrorCode#IO}) fails the commit (or flush, or explicit checkpoint) that made it, and the
 * store recovers in place from its file ({@link #recoverFrom}): it stays usable and loses nothing
 * acknowledged. A failed checkpoint that a commit triggered does not fail the commit
 * ({@link #checkpointIfDueAfterCommit}). Only a failure that is not the file's (a bug) poisons the
 * handle: every later call throws {@link ErrorCode#FAILED} with that cause until it is reopened.
 */
public final class Store implements AutoCloseable {
    /** Marks a deletion in a batch's pending writes (compared by identity). */
    static final byte[] TOMBSTONE = new byte[0];

    private final CountingFile file;
    private final StoreOptions options;
    private final Random saltSource;
    private final boolean readOnly;
    private final Recovery recovery;
    // The state rebuilt from the file by {@link Recovery}: replaced whole after a failed write.
    private HeaderSlots slots;
    private Pager pager;
    private Tree tree;
    private CommitLog log;
    /** A failure that is not the file's (a bug): the handle stays unusable until reopened. */
    private RuntimeException failure;
    private long checkpointFailures;
    /** After a failed checkpoint, no automatic one is tried before the log reaches this many bytes. */
    private long checkpointRetryLogBytes;
    private boolean closed;
    private long commits;
    private long checkpoints;
    /** Pages moved toward the start of the page space by compaction, since open. */
    private long pagesMoved;
    /** Times the file was cut back to its page space and live log, since open. */
    private long trims;
    /** The commit count at the last compaction that could not shrink the page space (-1: none). */
    private long compactionFutileAtCommit = -1;

    private Store(CountingFile file, StoreOptions options) {
        this.file = file;
        this.options = options;
        this.readOnly = options.readOnly();
        this.saltSource = new Random(options.saltSeed());
        this.recovery = new Recovery(file, options, saltSource);
        adopt(recovery.open());
    }

    private void adopt(Recovery.State state) {
        slots = state.slots();
        pager = state.pager();
        tree = state.tree();
        log = state.log();
    }

    /** Opens (or creates, when the file is empty or a creation cut short) a store with the default options. */
    public static Store open(BlockFile file) {
        return open(file, StoreOptions.defaults());
    }

    /**
     * Opens or creates a store. Recovery replays the log after the durable header; a damaged file
     * (damage below the log watermark included) throws {@link ErrorCode#CORRUPT}, a format this build
     * cannot read, or a writable open of one it may not change, {@link ErrorCode#UNSUPPORTED_FORMAT};
     * a writable open upgrades a file of an older format in place ({@link Format}, Versions). A
     * failed open closes the file.
     */
    public static Store open(BlockFile file, StoreOptions options) {
        StoreException.check(file != null && options != null, "file and options are required");
        CountingFile counted = new CountingFile(file);
        try {
            Store s = new Store(counted, options);
            if (!s.readOnly) {
                s.checkpointIfDueAfterCommit();
                if (s.recovery.due() != null) {
                    throw s.recovery.due();
                }
            }
            return s;
        } catch (StoreException e) {
            closeQuietly(counted);
            throw e;
        } catch (IndexOutOfBoundsException | IllegalArgumentException | IllegalStateException
                | NegativeArraySizeException e) {
            // Decoding damaged bytes that slipped past every check: the file, not the code, is at fault.
            closeQuietly(counted);
            throw StoreException.of(ErrorCode.CORRUPT, "cannot open: " + e, e);
        } catch (RuntimeException e) {
            // Anything else (a runtime lacking a feature, say) is not evidence of a damaged file.
            closeQuietly(counted);
            throw StoreException.io("cannot open: " + e, e);
        }
    }

    // ---- reads

    /** The value of {@code key}, or null. */
    public byte[] get(byte[] key) {
        checkUsable();
        checkKey(key);
        return guardRead(() -> tree.get(key));
    }

    /** Entries with {@code fromInclusive <= key < toExclusive}; null bounds are open. */
    public Cursor scan(byte[] fromInclusive, byte[] toExclusive) {
        checkUsable();
        return new GuardedCursor(new TreeCursor(tree, fromInclusive, toExclusive));
    }

    /** Entries whose key starts with {@code prefix}. */
    public Cursor scanPrefix(byte[] prefix) {
        StoreException.check(prefix != null, "prefix is null");
        return scan(prefix, Bytes.prefixEnd(prefix));
    }

    // ---- writes

    /**
     * Starts a write batch. Several may be open at once (an async cojson transaction stays open
     * across awaits while other writes commit): each commits on its own, in commit order.
     */
    public WriteBatch begin() {
        checkUsable();
        if (readOnly) {
            throw StoreException.illegalState("store was opened read-only");
        }
        return new Batch();
    }

    /** Makes every commit so far durable (relaxed mode); a no-op when nothing is pending. */
    public void flush() {
        checkUsable();
        if (readOnly || log.pendingBytes() == 0) {
            return;
        }
        try {
            log.writePending();
            file.flush();
            log.markAcknowledged();
        } catch (StoreException e) {
            recoverFrom(e, Long.MAX_VALUE);
            throw e;
        } catch (RuntimeException e) {
            throw poison(e);
        }
    }

    /**
     * Writes all changes back to pages and empties the log, then moves pages from the end of the
     * page space into free pages below them while that shrinks it, and cuts the file to what is
     * left ({@link #tidyNow}).
     */
    public void checkpoint() {
        checkUsable();
        if (!readOnly) {
            tidyRecovering();
        }
    }

    /**
     * The glue calls this when the store has had no call for a while. If it is worth it (the log
     * holds {@link #IDLE_LOG_BYTES} or more, or the page space is more than
     * {@link #MAX_FREE_SHARE} free (and at least 64 KiB), or the file is longer than the page space and the log), it
     * runs {@link #checkpoint()}'s work, so that a reload replays next to nothing and the file
     * gives back what erasures freed. Returns whether it wrote anything. A failure recovers in
     * place, like a failed {@link #checkpoint()}, and is thrown.
     */
    public boolean idle() {
        checkUsable();
        if (readOnly || !tidyIsWorthIt()) {
            return false;
        }
        tidyRecovering();
        return true;
    }

    /**
     * {@link #tidyNow} for {@link #checkpoint()} and {@link #idle()}: a file failure is counted,
     * the store recovers in place from the file and the failure is thrown; anything else poisons.
     */
    private void tidyRecovering() {
        try {
            tidyNow();
        } catch (StoreException e) {
            checkpointFailures++;
            recoverFrom(e, Long.MAX_VALUE);
            throw e;
        } catch (RuntimeException e) {
            throw poison(e);
        }
    }

    /** Full integrity check; throws {@link ErrorCode#CORRUPT} naming the first problem. */
    public void verify() {
        checkUsable();
        guardRead(() -> {
            Verifier.run(pager, tree);
            return null;
        });
    }

    public StoreStats stats() {
        checkUsable();
        return new StoreStats(file.size(), pager.pageSize, pager.pageCount(), pager.availablePages(),
                pager.cacheBytes(), pager.cacheHits(), pager.cacheMisses(), file.readCalls(), file.writeCalls(),
                file.flushes(), file.bytesWritten(), log.bytes(), commits, checkpoints, checkpointFailures,
                recovery.count(), pendingPages(), pagesMoved, trims);
    }

    /** Entries in the store (committed). */
    public long size() {
        checkUsable();
        return tree.entryCount;
    }

    /**
     * Checkpoints and compacts (so the file holds everything without its log, {@link #checkpoint()}),
     * trims the file and closes it.
     * Never throws for a store already failed: it only releases the file.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (recovery.due() != null && failure == null) {
            retryRecovery();
        }
        closed = true;
        if (failure != null || recovery.due() != null || readOnly) {
            closeQuietly(file);
            return;
        }
        long trimsBefore = trims;
        try {
            tidyNow();
        } catch (StoreException e) {
            // The durable log still holds every durable commit; relaxed ones are written to it, if
            // the file lets us, so that a failed close loses nothing acknowledged either.
            recoverFrom(e, Long.MAX_VALUE);
            if (recovery.due() == null) {
                try {
                    log.writePending();
                    file.flush();
                } catch (RuntimeException ignored) {
                    // the checkpoint's error is the one reported
                }
            }
            closeQuietly(file);
            throw e;
        } catch (RuntimeException e) {
            failure = e;
            closeQuietly(file);
            throw StoreException.io("close failed", e);
        }
        try {
            if (trims != trimsBefore) {
                file.flush();
            }
            file.close();
        } catch (RuntimeException e) {
            // After a checkpoint the file holds everything; only its trim or its release failed.
            closeQuietly(file);
            throw e instanceof StoreException ? e : StoreException.io("close failed", e);
        }
    }

    // ---- internals

    /**
     * Logs and applies one batch. A failed write or flush fails the commit and recovers in place
     * ({@link #recoverFrom}): the commit is then in the store if and only if its log frame reached
     * the file whole (a QUOTA or IO error before the write: never), and a reopen agrees.
     */
    private void commitBatch(TreeMap<byte[], byte[]> writes) {
        if (writes.isEmpty()) {
            return;
        }
        long seq = log.nextSeq;
        try {
            log.encode(writes, TOMBSTONE);
            if (options.durability() == Durability.DURABLE) {
                log.appendDurable();
            } else {
                log.appendRelaxed();
                if (log.pendingBytes() >= options.relaxedFlushBytes()) {
                    log.writePending();
                    file.flush();
                    log.markAcknowledged();
                }
            }
            for (java.util.Map.Entry<byte[], byte[]> e : writes.entrySet()) {
                if (e.getValue() == TOMBSTONE) {
                    tree.delete(e.getKey());
                } else {
                    tree.put(e.getKey(), e.getValue());
                }
            }
            commits++;
        } catch (StoreException e) {
            // Relaxed: frames acknowledged before this one are carried over, this one is dropped.
            recoverFrom(e, seq);
            throw e;
        } catch (RuntimeException e) {
            throw poison(e);
        }
        try {
            checkpointIfDueAfterCommit();
        } catch (RuntimeException e) {
            // Not the file's failure but a bug: the commit is durable (or, relaxed, applied), yet
            // the in-memory state may be half-checkpointed, so the handle is not usable any more.
            poison(e);
        }
    }

    /** Once a checkpoint has failed, the log grows by this fraction of itself before the next try. */
    private static final int CHECKPOINT_RETRY_GROWTH_DIVISOR = 4;
    private static final long MIN_CHECKPOINT_RETRY_BYTES = 64 << 10;

    /**
     * Runs a due checkpoint after a commit (or at open). Its failure fails neither: the commit's
     * frame is already durable in the log (relaxed: applied and held in memory), and the log keeps
     * every change the checkpoint would have written back. So the commit succeeds, the store
     * recovers in place, and the next automatic try waits until the log has grown by a quarter
     * (at least 64 KiB): a persistent quota costs one failed checkpoint per such step, not one per
     * commit, and the log's own appends fail first once the quota is really gone.
     */
    private void checkpointIfDueAfterCommit() {
        try {
            checkpointIfDue();
        } catch (StoreException e) {
            long logBytes = log.bytes();
            checkpointFailures++;
            recoverFrom(e, Long.MAX_VALUE);
            checkpointRetryLogBytes = logBytes + Math.max(MIN_CHECKPOINT_RETRY_BYTES,
                    logBytes / CHECKPOINT_RETRY_GROWTH_DIVISOR);
        }
    }

    /** The log never holds less than this before a checkpoint is due, however small the store. */
    private static final long MIN_LOG_BYTES = 256 << 10;

    /**
     * A checkpoint is due when dirty pages pass half the cache, or when the log passes
     * {@code checkpointLogBytes}, or half the page space if that is less (but at least 256 KiB).
     * Why the page space: a checkpoint that must grow the file places its pages past the live log,
     * and the dead log is then a free gap; bounding the log by the page space bounds that gap
     * (measured: 10,000 small commits without it closed to a 4.8 MB file, 72% free pages).
     */
    private void checkpointIfDue() {
        if (log.bytes() < checkpointRetryLogBytes) {
            return;
        }
        long pageSpaceBytes = pager.pageCount() * pager.pageSize;
        long logLimit = Math.min(options.checkpointLogBytes(), Math.max(MIN_LOG_BYTES, pageSpaceBytes / 2));
        if (log.bytes() >= logLimit || pager.dirtyBytes() >= options.cacheBytes() / 2) {
            checkpointNow();
        }
    }

    /**
     * A log this long replays in well under a millisecond (measured: 15–22 ms for 0.9 MiB, so
     * ~0.5 ms for 32 KiB): below it an idle store does not checkpoint, so a user's single edits do
     * not each cost a checkpoint's writes and two flushes.
     */
    static final long IDLE_LOG_BYTES = 32 << 10;
    /** The share of the page space that may stay free after a checkpoint (issue 14's target). */
    static final double MAX_FREE_SHARE = 0.10;
    /** Compaction passes per checkpoint: each can fill only the holes free before it. */
    private static final int MAX_COMPACTION_PASSES = 3;

    /** Fewer free pages than this (64 KiB) are not worth moving pages for, whatever their share. */
    private static final long MIN_COMPACTION_PAGES = 16;

    private boolean tidyIsWorthIt() {
        return log.bytes() >= IDLE_LOG_BYTES || (compactionIsWorthIt() && compactionFutileAtCommit != commits)
                || file.size() > log.end;
    }

    private boolean compactionIsWorthIt() {
        return freeShare() > MAX_FREE_SHARE && pager.availablePages() + pendingPages() >= MIN_COMPACTION_PAGES;
    }

    /** Free pages (durable or awaiting reuse) over the page space. */
    private double freeShare() {
        long space = pager.pageCount() - pager.firstPage;
        return space <= 0 ? 0 : (double) (pager.availablePages() + pendingPages()) / space;
    }

    private long pendingPages() {
        long n = 0;
        for (FreeSpace.Extent e : pager.pendingExtents()) {
            n += e.count();
        }
        return n;
    }

    /**
     * A checkpoint, then compaction passes while more than {@link #MAX_FREE_SHARE} of the page
     * space is free and the last pass shrank it, then the file cut to the page space and the live
     * log. The cut comes after the commit point: the bytes past the new page space are pages only
     * the old header reached and the old log, which the new header no longer needs.
     */
    private void tidyNow() {
        checkpointNow(true);
        for (int pass = 1; pass < MAX_COMPACTION_PASSES && compactionIsWorthIt(); pass++) {
            long before = pager.pageCount();
            checkpointNow(true);
            if (pager.pageCount() >= before) {
                break;
            }
        }
        if (compactionIsWorthIt()) {
            compactionFutileAtCommit = commits;
        }
        if (file.size() > log.end) {
            file.truncate(log.end);
            trims++;
        }
    }

    private void checkpointNow() {
        checkpointNow(false);
    }

    /** {@code compact}: first move pages from the end of the page space into holes ({@link Compaction}). */
    private void checkpointNow(boolean compact) {
        if (compact && compactionIsWorthIt()) {
            pagesMoved += Compaction.relocateTail(pager, tree);
        }
        if (pager.clean() && log.bytes() == 0) {
            return;
        }
        int salt = saltSource.nextInt();
        if (salt == log.salt) {
            salt = ~salt;
        }
        Header next = Checkpoint.run(pager, tree, log, slots, salt);
        log.reset(next);
        checkpoints++;
        checkpointRetryLogBytes = 0;
    }

    /**
     * After a failed write or flush the in-memory state can no longer be trusted (a checkpoint
     * places pages and edits the free space before it writes; a flush may fail after its write
     * landed), so the store rebuilds it from the file it still holds open, exactly as an open
     * would ({@link Recovery}): the log replays up to its first invalid frame (a frame torn by the
     * failed write fails its checksum, and the chain cuts everything after it). Relaxed frames not
     * yet written are carried over from memory, except those from sequence {@code carryBeforeSeq}
     * on (the failed commit's own). If the rebuild itself fails (a read error), every later call
     * retries it first and fails with its cause until it works.
     */
    private void recoverFrom(StoreException cause, long carryBeforeSeq) {
        Recovery.State rebuilt = recovery.recoverFrom(cause, log, carryBeforeSeq);
        if (rebuilt != null) {
            adopt(rebuilt);
        }
    }

    private void retryRecovery() {
        Recovery.State rebuilt = recovery.retry();
        if (rebuilt != null) {
            adopt(rebuilt);
        }
    }

    private RuntimeException poison(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        return e instanceof StoreException ? e : StoreException.io("unexpected failure: " + e, e);
    }

    private void checkUsable() {
        if (closed) {
            throw StoreException.closed("store is closed");
        }
        if (failure != null) {
            throw StoreException.failed(failure);
        }
        if (recovery.due() != null) {
            retryRecovery();
            StoreException due = recovery.due();
            if (due != null) {
                throw StoreException.of(due.code(), "cannot re-read the store after a failed write ("
                        + due.getMessage() + "); every call retries, nothing committed is lost", due);
            }
        }
    }

    private interface Read<T> {
        T run();
    }

    /** Reads never poison the store; a damaged page surfaces as CORRUPT, never as another exception. */
    private static <T> T guardRead(Read<T> read) {
        try {
            return read.run();
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw damagedRead(e);
        }
    }

    private static StoreException damagedRead(RuntimeException e) {
        return StoreException.of(ErrorCode.CORRUPT, "read failed on damaged data: " + e, e);
    }

    private static void checkKey(byte[] key) {
        StoreException.check(key != null, "key is null");
        if (key.length > Format.MAX_KEY_BYTES) {
            // The message is built only on failure: every get and put passes here.
            throw StoreException.invalidArgument("key of " + key.length + " bytes is longer than " + Format.MAX_KEY_BYTES);
        }
    }

    private static void closeQuietly(BlockFile f) {
        try {
            f.close();
        } catch (RuntimeException ignored) {
            // already failing: the first error is the one reported
        }
    }

    private final class GuardedCursor implements Cursor {
        private final Cursor inner;
        private final long recoveriesAtStart = recovery.count();

        GuardedCursor(Cursor inner) {
            this.inner = inner;
        }

        // No guardRead lambdas here: these run once per entry of a scan, and a capturing lambda is
        // an allocation per call on the TeaVM builds (10,000 rows of a cold load, twice).
        @Override
        public boolean next() {
            checkCurrent();
            try {
                return inner.next();
            } catch (StoreException e) {
                throw e;
            } catch (RuntimeException e) {
                throw damagedRead(e);
            }
        }

        @Override
        public byte[] key() {
            return inner.key();
        }

        @Override
        public byte[] value() {
            checkCurrent();
            return guardRead(inner::value);
        }

        @Override
        public byte keyByte(int index) {
            return inner.keyByte(index);
        }

        @Override
        public void readValue(ByteSink sink) {
            checkCurrent();
            try {
                inner.readValue(sink);
            } catch (StoreException e) {
                throw e;
            } catch (RuntimeException e) {
                throw damagedRead(e);
            }
        }

        /** A cursor walks the tree it started on: after an in-place recovery that tree is gone. */
        private void checkCurrent() {
            checkUsable();
            if (recovery.count() != recoveriesAtStart) {
                throw StoreException.illegalState("the store recovered from a failed write while this scan was open; start the scan again");
            }
        }
    }

    private final class Batch implements WriteBatch {
        private final TreeMap<byte[], byte[]> writes = new TreeMap<>(Bytes::compare);
        private boolean done;

        @Override
        public void put(byte[] key, byte[] value) {
            checkLive();
            checkKey(key);
            StoreException.check(value != null, "value is null");
            StoreException.check(value.length <= Format.MAX_VALUE_BYTES,
                    "value of " + value.length + " bytes is larger than " + Format.MAX_VALUE_BYTES);
            writes.put(key.clone(), value.clone());
        }

        @Override
        public void delete(byte[] key) {
            checkLive();
            checkKey(key);
            writes.put(key.clone(), TOMBSTONE);
        }

        @Override
        public byte[] get(byte[] key) {
            checkLive();
            checkKey(key);
            byte[] v = writes.get(key);
            if (v != null) {
                return v == TOMBSTONE ? null : v.clone();
            }
            return guardRead(() -> tree.get(key));
        }

        @Override
        public Cursor scan(byte[] fromInclusive, byte[] toExclusive) {
            checkLive();
            return new GuardedCursor(new MergedCursor(new TreeCursor(tree, fromInclusive, toExclusive),
                    writes, fromInclusive, toExclusive, TOMBSTONE));
        }

        @Override
        public Cursor scanPrefix(byte[] prefix) {
            StoreException.check(prefix != null, "prefix is null");
            return scan(prefix, Bytes.prefixEnd(prefix));
        }

        @Override
        public void commit() {
            checkLive();
            done = true;
            commitBatch(writes);
        }

        @Override
        public void rollback() {
            checkLive();
            done = true;
        }

        @Override
        public void close() {
            done = true;
        }

        private void checkLive() {
            if (done) {
                throw StoreException.closed("this write batch has already been committed or rolled back");
            }
            checkUsable();
        }
    }
}
