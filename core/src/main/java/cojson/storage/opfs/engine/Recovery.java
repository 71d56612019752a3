package cojson.storage.opfs.engine;

import cojson.storage.opfs.ErrorCode;
import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.CountingFile;
import java.util.Random;

/**
 * Rebuilds a store's in-memory state from its file, at open and after a failed write, and keeps
 * the state machine of in-place recovery (STYLE habit 8).
 *
 * <pre>
 *   usable --(write or flush fails)--> due --(rebuild from the file works)--> usable
 *                                       ^ |
 *                                       +-+ (rebuild fails: every later call retries it first)
 * </pre>
 *
 * A rebuild reads the durable header, its free list, and the log replayed after it, exactly as an
 * open does; then, when recovering from a failed write in relaxed mode, takes over the frames the
 * old state held in memory that the file does not have (a failed commit's own frame excluded).
 * A rebuild either succeeds whole or leaves the previous state in place to retry from.
 */
final class Recovery {
    /** The in-memory state of a store: replaced whole by each rebuild, never patched. */
    record State(HeaderSlots slots, Pager pager, Tree tree, CommitLog log) {
    }

    private final CountingFile file;
    private final StoreOptions options;
    private final Random saltSource;
    /** The failure whose rebuild has not yet succeeded; null when the state is usable. */
    private StoreException due;
    /** The failed state's log, whose relaxed frames not yet written are carried over. */
    private CommitLog carried;
    /** The first sequence number not carried over (the failed commit's own frame). */
    private long carryBeforeSeq;
    /** Successful in-place rebuilds so far (an open's first load not counted). */
    private long count;

    Recovery(CountingFile file, StoreOptions options, Random saltSource) {
        this.file = file;
        this.options = options;
        this.saltSource = saltSource;
    }

    /** The state of the file at open; throws what the file's damage or version says. */
    State open() {
        return load(null, 0);
    }

    /**
     * After {@code cause} failed a write or flush: rebuilds the state from the file. Relaxed
     * frames that {@code log} holds in memory, from sequence {@code carryBeforeSeq} on excluded,
     * are carried over. Returns the new state, or null when the rebuild failed too (then
     * {@link #due()} is set and {@link #retry()} tries again).
     */
    State recoverFrom(StoreException cause, CommitLog log, long carryBeforeSeq) {
        this.due = cause;
        this.carried = log;
        this.carryBeforeSeq = carryBeforeSeq;
        return retry();
    }

    /** Retries a rebuild that is due; returns the new state, or null if it failed again. */
    State retry() {
        try {
            State s = load(carried, carryBeforeSeq);
            due = null;
            carried = null;
            count++;
            return s;
        } catch (StoreException e) {
            due = e;
        } catch (RuntimeException e) {
            due = StoreException.of(ErrorCode.CORRUPT, "cannot re-read the store after a failed write: " + e, e);
        }
        return null;
    }

    /** The failure a rebuild still has to clear, or null. */
    StoreException due() {
        return due;
    }

    long count() {
        return count;
    }

    private State load(CommitLog carriedLog, long carryBefore) {
        HeaderSlots slots = HeaderSlots.read(file);
        if (slots.durable == null) {
            // An empty file, or a creation cut short by a crash: nothing was ever acknowledged in it.
            Header fresh = Header.empty(options.pageSize(), saltSource.nextInt());
            if (options.readOnly()) {
                slots.durable = fresh;
            } else {
                slots.create(fresh);
            }
        }
        Header h = slots.durable;
        if (h.writeVersion > Format.FORMAT_VERSION && !options.readOnly()) {
            throw StoreException.of(ErrorCode.UNSUPPORTED_FORMAT, "the file needs a writer of format version "
                    + h.writeVersion + " (this build writes version " + Format.FORMAT_VERSION
                    + "); it can only be opened read-only, or by a newer cojson-storage-opfs");
        }
        // A file cut short inside its page space is damaged. (An empty page space needs no bytes:
        // the first log frame may land past the end of a file that holds only the header slots.)
        if (h.pageCount > Format.firstPage(h.pageSize) && file.size() < h.logStart) {
            throw StoreException.corrupt("file has " + file.size() + " bytes, its page space ends at " + h.logStart);
        }
        Pager pager = new Pager(file, h.pageSize, options.cacheBytes(), h.pageCount);
        pager.adoptFreeList(FreeListCodec.load(pager, h));
        Tree tree = new Tree(pager, h.rootPageId, h.entryCount);
        CommitLog log = new CommitLog(file);
        log.reset(h);
        CommitLog.Sink sink = new CommitLog.Sink() {
            @Override
            public void put(byte[] key, byte[] value) {
                tree.put(key, value);
            }

            @Override
            public void delete(byte[] key) {
                tree.delete(key);
            }
        };
        LogWatermark watermark = slots.watermarkOf(h);
        log.replay(sink, watermark == null ? h.logFirstSeq : watermark.seqEnd());
        checkAcknowledgedFrames(log, watermark);
        int best = slots.bestWatermarkCopy(h);
        log.nextWatermarkCopy(best < 0 ? 0 : 1 - best);
        if (carriedLog != null) {
            log.carryPending(carriedLog, carryBefore, sink);
        }
        if (h.olderFormat() && !options.readOnly()) {
            // The upgrade (Format, Versions): the same state under a header of this version.
            Header upgraded = h.upgraded();
            slots.commit(upgraded);
            log.headerRewritten(upgraded.generation);
        }
        return new State(slots, pager, tree, log);
    }

    /**
     * The log rule of {@link Format}: replay must reach the watermark's acknowledged end, at its
     * byte offset. A frame below it that is missing or damaged cannot be a torn tail (crash
     * invariant 6), so the store does not open at an earlier commit in silence.
     */
    private static void checkAcknowledgedFrames(CommitLog log, LogWatermark watermark) {
        if (watermark == null) {
            return;
        }
        if (log.nextSeq < watermark.seqEnd()) {
            throw StoreException.corrupt("log frame " + log.nextSeq + " at byte " + log.end
                    + " is damaged or missing, but the log watermark says every frame before " + watermark.seqEnd()
                    + " (up to byte " + watermark.byteEnd() + ") was acknowledged; open would lose acknowledged commits,"
                    + " so it stops: salvage what is intact, or delete the file");
        }
        if (log.ackedByteEnd != watermark.byteEnd()) {
            throw StoreException.corrupt("the log's acknowledged frames end at byte " + log.ackedByteEnd
                    + ", but the log watermark says byte " + watermark.byteEnd());
        }
    }
}
