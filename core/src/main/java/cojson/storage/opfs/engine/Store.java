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
 * <p>Single-threaded and synchronous. A failure while committing or
 * checkpointing poisons the handle: every later call throws {@link ErrorCode#FAILED} with the
 * first cause, until the file is reopened, which recovers every acknowledged commit.
 */
public final class Store implements AutoCloseable {
    /** Marks a deletion in a batch's pending writes (compared by identity). */
    static final byte[] TOMBSTONE = new byte[0];

    private final CountingFile file;
    private final StoreOptions options;
    private final HeaderSlots slots;
    private final Pager pager;
    private final Tree tree;
    private final CommitLog log;
    private final Random saltSource;
    private final boolean readOnly;
    private RuntimeException failure;
    private boolean closed;
    private long commits;
    private long checkpoints;

    private Store(CountingFile file, StoreOptions options) {
        this.file = file;
        this.options = options;
        this.readOnly = options.readOnly();
        this.saltSource = new Random(options.saltSeed());
        this.slots = HeaderSlots.read(file);
        if (slots.durable == null) {
            Header fresh = Header.empty(options.pageSize(), saltSource.nextInt());
            if (readOnly) {
                slots.durable = fresh;
            } else {
                slots.create(fresh);
            }
        }
        Header h = slots.durable;
        // A file cut short inside its page space is damaged. (An empty page space needs no bytes:
        // the first log frame may land past the end of a file that holds only the header slots.)
        if (h.pageCount > Format.firstPage(h.pageSize) && file.size() < h.logStart) {
            throw StoreException.corrupt("file has " + file.size() + " bytes, its page space ends at " + h.logStart);
        }
        this.pager = new Pager(file, h.pageSize, options.cacheBytes());
        pager.pageCount = h.pageCount;
        FreeListCodec.load(pager, h);
        this.tree = new Tree(pager, h.rootPageId, h.entryCount);
        this.log = new CommitLog(file);
        log.reset(h.logStart, h.logSalt, h.logFirstSeq);
        log.replay(new CommitLog.Sink() {
            @Override
            public void put(byte[] key, byte[] value) {
                tree.put(key, value);
            }

            @Override
            public void delete(byte[] key) {
                tree.delete(key);
            }
        });
    }

    /** Opens (or creates, when the file is empty) a store with the default options. */
    public static Store open(BlockFile file) {
        return open(file, StoreOptions.defaults());
    }

    /**
     * Opens or creates a store. Recovery replays the log after the durable header; a damaged file
     * throws {@link ErrorCode#CORRUPT}, a newer format {@link ErrorCode#UNSUPPORTED_FORMAT}. A failed
     * open closes the file.
     */
    public static Store open(BlockFile file, StoreOptions options) {
        StoreException.check(file != null && options != null, "file and options are required");
        CountingFile counted = new CountingFile(file);
        try {
            Store s = new Store(counted, options);
            if (!s.readOnly) {
                s.checkpointIfDue();
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
        } catch (RuntimeException e) {
            throw poison(e);
        }
    }

    /** Writes all changes back to pages and empties the log. */
    public void checkpoint() {
        checkUsable();
        if (readOnly) {
            return;
        }
        try {
            checkpointNow();
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
        return new StoreStats(file.size(), pager.pageSize, pager.pageCount, pager.available.pages(),
                pager.cache.bytes(), pager.cache.hits, pager.cache.misses, file.readCalls(), file.writeCalls(),
                file.flushes(), file.bytesWritten(), log.bytes(), commits, checkpoints);
    }

    /** Entries in the store (committed). */
    public long size() {
        checkUsable();
        return tree.entryCount;
    }

    /**
     * Checkpoints (so the file holds everything without its log), trims the file and closes it.
     * Never throws for a store already failed: it only releases the file.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (failure != null || readOnly) {
            closeQuietly(file);
            return;
        }
        try {
            checkpointNow();
            if (file.size() > log.start) {
                file.truncate(log.start);
                file.flush();
            }
            file.close();
        } catch (RuntimeException e) {
            failure = e;
            closeQuietly(file);
            throw e instanceof StoreException ? e : StoreException.io("close failed", e);
        }
    }

    // ---- internals

    private void commitBatch(TreeMap<byte[], byte[]> writes) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            log.encode(writes, TOMBSTONE);
            if (options.durability() == Durability.DURABLE) {
                log.appendDurable();
            } else {
                log.appendRelaxed();
                if (log.pendingBytes() >= options.relaxedFlushBytes()) {
                    log.writePending();
                    file.flush();
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
        } catch (RuntimeException e) {
            throw poison(e);
        }
        try {
            checkpointIfDue();
        } catch (RuntimeException e) {
            // The commit itself is durable (or, relaxed, applied); the store is not usable any more.
            poison(e);
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
        long pageSpaceBytes = pager.pageCount * pager.pageSize;
        long logLimit = Math.min(options.checkpointLogBytes(), Math.max(MIN_LOG_BYTES, pageSpaceBytes / 2));
        if (log.bytes() >= logLimit || pager.dirtyBytes() >= options.cacheBytes() / 2) {
            checkpointNow();
        }
    }

    private void checkpointNow() {
        if (pager.dirty.isEmpty() && pager.overflowValues.isEmpty() && log.bytes() == 0
                && pager.pending.isEmpty()) {
            return;
        }
        int salt = saltSource.nextInt();
        if (salt == log.salt) {
            salt = ~salt;
        }
        Header next = Checkpoint.run(pager, tree, log, slots, salt);
        log.reset(next.logStart, next.logSalt, next.logFirstSeq);
        checkpoints++;
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
            throw StoreException.of(ErrorCode.CORRUPT, "read failed on damaged data: " + e, e);
        }
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

        GuardedCursor(Cursor inner) {
            this.inner = inner;
        }

        @Override
        public boolean next() {
            checkUsable();
            return guardRead(inner::next);
        }

        @Override
        public byte[] key() {
            return inner.key();
        }

        @Override
        public byte[] value() {
            checkUsable();
            return guardRead(inner::value);
        }

        @Override
        public byte keyByte(int index) {
            return inner.keyByte(index);
        }

        @Override
        public void readValue(ByteSink sink) {
            checkUsable();
            guardRead(() -> {
                inner.readValue(sink);
                return null;
            });
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
