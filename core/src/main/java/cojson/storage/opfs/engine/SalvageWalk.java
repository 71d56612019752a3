package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import cojson.storage.opfs.io.CountingFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A damage-tolerant read of a store's file, for salvage: never writes. It takes the valid header
 * slot with the highest generation, walks the tree from its root skipping every page whose
 * checksum, own id, type or structure is bad (and every value whose overflow run is), then replays
 * the valid prefix of the log over what it found, as recovery does. What it could not read is
 * recorded as key ranges: a skipped subtree covers the keys between its parent's separators, so
 * a caller can tell a key that is absent from a key that may have been lost.
 */
public final class SalvageWalk {
    /** Every entry read, in key order. */
    public final TreeMap<byte[], byte[]> entries = new TreeMap<>(Bytes::compare);
    /** Key ranges that may have lost entries. */
    public final List<KeyRange> lostRanges = new ArrayList<>();
    /** Every page read, with the key range it covers (an overflow page: its one key). */
    public final List<PageSpan> pages = new ArrayList<>();
    /** What was damaged, one line each, naming the page or byte offset. */
    public final List<String> damage = new ArrayList<>();
    public long pagesRead;
    public long logFrames;
    public String header = "none";

    /** The walk reads each page once, so its cache only needs to hold a path. */
    private static final long SALVAGE_CACHE_BYTES = 1 << 20;

    private final Set<Long> visited = new HashSet<>();
    private Pager pager;
    private byte[] scratch;
    /** The best valid log watermark of the chosen header, or null. */
    private LogWatermark watermark;

    private SalvageWalk() {
    }

    /** Reads what it can of {@code file}; the caller keeps ownership of the file. */
    public static SalvageWalk of(BlockFile file) {
        SalvageWalk w = new SalvageWalk();
        CountingFile counted = new CountingFile(file);
        Header h = w.chooseHeader(counted);
        if (h == null) {
            w.lostRanges.add(new KeyRange(null, null));
            return w;
        }
        w.header = "generation " + h.generation + ", page size " + h.pageSize + ", " + h.pageCount + " pages";
        w.pager = new Pager(counted, h.pageSize, SALVAGE_CACHE_BYTES, h.pageCount);
        w.scratch = new byte[h.pageSize];
        if (h.rootPageId != 0) {
            w.walk(h.rootPageId, null, null, 0);
        }
        w.replayLog(counted, h);
        return w;
    }

    /** True when no lost range meets the keys starting with {@code prefix}. */
    public boolean intactPrefix(byte[] prefix) {
        for (KeyRange r : lostRanges) {
            if (meets(r.from(), r.to(), prefix)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the key range {@code [from, to)} (null: unbounded) holds any key starting with {@code prefix}. */
    public static boolean meets(byte[] from, byte[] to, byte[] prefix) {
        boolean startsBeforePrefixEnds = from == null || Bytes.compare(from, prefix) < 0 || startsWith(from, prefix);
        boolean endsAfterPrefixStarts = to == null || Bytes.compare(to, prefix) > 0;
        return startsBeforePrefixEnds && endsAfterPrefixStarts;
    }

    /** The keys {@code k} with {@code from <= k < to}; a null bound is unbounded. */
    public record KeyRange(byte[] from, byte[] to) {
    }

    /** A page read by the walk and the keys it covers, {@code [from, to)}, null for unbounded. */
    public static final class PageSpan {
        public final long pageId;
        public final byte[] from;
        public final byte[] to;

        PageSpan(long pageId, byte[] from, byte[] to) {
            this.pageId = pageId;
            this.from = from;
            this.to = to;
        }
    }

    /** One entry of a leaf, read before the leaf is known to be whole. */
    private record Cell(byte[] key, byte[] value) {
    }

    private Header chooseHeader(BlockFile file) {
        byte[] area = HeaderSlots.readArea(file, file.size());
        Header best = null;
        for (int slot = 0; slot < 2; slot++) {
            Header h = null;
            try {
                h = Header.decode(area, (int) headerSlotOffset(slot), slot);
            } catch (StoreException e) {
                damage.add("header slot " + slot + ": " + e.getMessage());
            }
            if (h == null) {
                damage.add("header slot " + slot + " is not a valid header");
            } else if (best == null || h.generation > best.generation) {
                best = h;
            }
        }
        for (int copy = 0; best != null && copy < 2; copy++) {
            LogWatermark w = LogWatermark.decode(area, (int) watermarkOffset(copy));
            if (w != null && w.belongsTo(best) && (watermark == null || w.seqEnd() > watermark.seqEnd())) {
                watermark = w;
            }
        }
        return best;
    }

    /** Reads the subtree at {@code pageId}, whose keys lie in {@code [from, to)}. */
    private void walk(long pageId, byte[] from, byte[] to, int depth) {
        byte[] page = new byte[scratch.length];
        try {
            StoreException.check(depth < 64 && visited.add(pageId), "page " + pageId + " is reached twice");
            pager.readPage(pageId, page, (byte) 0);
            pagesRead++;
            pages.add(new PageSpan(pageId, from, to));
        } catch (StoreException | IndexOutOfBoundsException e) {
            lose(from, to, "page " + pageId + ": " + e.getMessage());
            return;
        }
        try {
            if (NodeCodec.isLeaf(page)) {
                readLeaf(pageId, page, from, to);
            } else {
                walkBranch(pageId, page, from, to, depth);
            }
        } catch (RuntimeException e) {
            // Bad structure under a valid checksum: whatever this page's cells held may be lost.
            lose(from, to, "page " + pageId + ": unreadable cells (" + e + ")");
        }
    }

    private void walkBranch(long pageId, byte[] page, byte[] from, byte[] to, int depth) {
        int n = NodeCodec.count(page);
        byte[][] keys = new byte[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = NodeCodec.key(page, i);
            StoreException.check(within(keys[i], from, to) && (i == 0 || Bytes.compare(keys[i - 1], keys[i]) < 0),
                    "branch keys out of order or out of bounds");
        }
        for (int i = 0; i < n; i++) {
            walk(NodeCodec.child(page, i), i == 0 ? from : keys[i - 1], keys[i], depth + 1);
        }
        walk(NodeCodec.rightmost(page), n == 0 ? from : keys[n - 1], to, depth + 1);
    }

    private void readLeaf(long pageId, byte[] page, byte[] from, byte[] to) {
        int n = NodeCodec.count(page);
        byte[] previous = null;
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int cell = NodeCodec.cell(page, i);
            byte[] key = NodeCodec.key(page, i);
            StoreException.check(within(key, from, to) && (previous == null || Bytes.compare(previous, key) < 0),
                    "leaf keys out of order or out of bounds");
            previous = key;
            int length = NodeCodec.valueLength(page, cell);
            if (!NodeCodec.isOverflow(page, cell)) {
                int at = NodeCodec.valueOffset(page, cell);
                byte[] value = new byte[length];
                System.arraycopy(page, at, value, 0, length);
                cells.add(new Cell(key, value));
                continue;
            }
            try {
                long first = NodeCodec.overflowFirstPage(page, cell);
                int count = NodeCodec.overflowPageCount(page, cell);
                cells.add(new Cell(key, pager.readOverflow(first, count, length)));
                pagesRead += count;
                for (int j = 0; j < count; j++) {
                    pages.add(new PageSpan(first + j, key, successor(key)));
                }
            } catch (StoreException | IndexOutOfBoundsException e) {
                lose(key, successor(key), "value of a key on page " + pageId + ": " + e.getMessage());
            }
        }
        // Only a leaf whose every cell decoded contributes: a half-read page stays all lost.
        for (Cell c : cells) {
            entries.put(c.key(), c.value());
        }
    }

    private void replayLog(CountingFile file, Header h) {
        CommitLog log = new CommitLog(file);
        log.reset(h);
        long ackSeqEnd = watermark == null ? h.logFirstSeq : watermark.seqEnd();
        try {
            logFrames = log.replay(new CommitLog.Sink() {
                @Override
                public void put(byte[] key, byte[] value) {
                    entries.put(key, value);
                }

                @Override
                public void delete(byte[] key) {
                    entries.remove(key);
                }
            }, ackSeqEnd);
        } catch (RuntimeException e) {
            damage.add("log after the header's start at byte " + h.logStart + ": " + e.getMessage());
        }
        if (log.nextSeq < ackSeqEnd) {
            // Frames after the damaged one cannot be chained to it: the entries read are the store
            // as of the commit before it, a state that was whole, but later acknowledged commits are lost.
            damage.add("log frames " + log.nextSeq + " to " + (ackSeqEnd - 1) + " (bytes " + log.end + " to "
                    + watermark.byteEnd() + ") were acknowledged but are damaged or missing: the salvage holds the"
                    + " store as of the commit before frame " + log.nextSeq);
        }
    }

    private void lose(byte[] from, byte[] to, String what) {
        lostRanges.add(new KeyRange(from, to));
        damage.add(what);
    }

    private static boolean within(byte[] key, byte[] from, byte[] to) {
        return (from == null || Bytes.compare(key, from) >= 0) && (to == null || Bytes.compare(key, to) < 0);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Bytes.compare(key, 0, prefix.length, prefix, 0, prefix.length) == 0;
    }

    /** The smallest key after {@code key}: a lost single value is the range {@code [key, successor)}. */
    private static byte[] successor(byte[] key) {
        byte[] next = new byte[key.length + 1];
        System.arraycopy(key, 0, next, 0, key.length);
        return next;
    }
}
