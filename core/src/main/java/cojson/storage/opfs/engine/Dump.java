package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.BlockFile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A readable account of a store's file, for people and for tests that explain a failure: the
 * header slots and watermark copies, the tree level by level, overflow runs, the free list, the
 * log frames, every checksum verified, and what a read-only open makes of it. Never writes; reads
 * past damage (each page, frame and record is reported on its own line). Layout in {@link Format}.
 */
public final class Dump {
    /** Renders a key for people (the cojson layer names its tables). */
    public interface KeyFormat {
        String format(byte[] key);
    }

    /** Printable ASCII in quotes; any other byte as {@code \xHH}. */
    public static final KeyFormat RAW = Dump::quoted;
    private static final int KEYS_PER_FRAME = 4;

    private final BlockFile file;
    private final KeyFormat keys;
    private final StringBuilder out = new StringBuilder();
    private final long size;

    private Dump(BlockFile file, KeyFormat keys) {
        this.file = file;
        this.keys = keys;
        this.size = file.size();
    }

    /** The dump of {@code file}, which stays open and unchanged. */
    public static String of(BlockFile file) {
        return of(file, RAW);
    }

    public static String of(BlockFile file, KeyFormat keys) {
        Dump d = new Dump(file, keys);
        d.run();
        return d.out.toString();
    }

    private void run() {
        line("file: " + size + " bytes, format version " + FORMAT_VERSION + " reader (reads " + OLDEST_FORMAT_VERSION
                + " to " + FORMAT_VERSION + ")");
        byte[] area = HeaderSlots.readArea(file, size);
        Header h = headerArea(area);
        if (h == null) {
            line(size == 0 ? "an empty file: a new store" : HeaderSlots.cutShortCreation(area, size)
                    ? "a creation a crash cut short (crash invariant 7): opens as a new store"
                    : "no valid header slot: CORRUPT");
            return;
        }
        Pager pager = new Pager(new cojson.storage.opfs.io.CountingFile(file), h.pageSize, 1 << 20, h.pageCount);
        tree(pager, h);
        freeList(pager, h);
        log(h, watermarkOf(area, h));
        open();
    }

    // ---- header area

    private Header headerArea(byte[] area) {
        Header best = null;
        for (int slot = 0; slot < 2; slot++) {
            String what;
            try {
                Header h = Header.decode(area, (int) headerSlotOffset(slot), slot);
                if (h == null) {
                    what = "not valid (never written, torn or damaged: magic or checksum)";
                } else {
                    what = describe(h);
                    if (best == null || h.generation > best.generation) {
                        best = h;
                    }
                }
            } catch (StoreException e) {
                what = e.getMessage();
            }
            line("header slot " + slot + " (byte " + headerSlotOffset(slot) + "): " + what);
        }
        if (best != null) {
            line("durable header: generation " + best.generation + (best.olderFormat()
                    ? " (format " + best.readVersion + ": a writable open upgrades it to " + FORMAT_VERSION + ")" : ""));
        }
        for (int copy = 0; copy < 2; copy++) {
            LogWatermark w = LogWatermark.decode(area, (int) watermarkOffset(copy));
            String what = w == null ? "not valid (never written, torn or damaged)"
                    : "generation " + w.generation() + ", salt " + hex(w.salt()) + ", frames before sequence "
                    + w.seqEnd() + " acknowledged, up to byte " + w.byteEnd()
                    + (best == null ? "" : w.belongsTo(best) ? ": belongs to the durable header's log" : ": stale (an older log)");
            line("watermark copy " + copy + " (byte " + watermarkOffset(copy) + "): " + what);
        }
        return best;
    }

    private static String describe(Header h) {
        return "valid, read version " + h.readVersion + ", write version " + h.writeVersion + ", page size "
                + h.pageSize + ", generation " + h.generation + ", root page " + h.rootPageId + ", " + h.pageCount
                + " pages, free list at page " + h.freeListHead + " (" + h.freePages + " free pages), log at byte "
                + h.logStart + " (salt " + hex(h.logSalt) + ", first sequence " + h.logFirstSeq + "), " + h.entryCount
                + " entries, checksum ok";
    }

    private static LogWatermark watermarkOf(byte[] area, Header h) {
        LogWatermark best = null;
        for (int copy = 0; copy < 2; copy++) {
            LogWatermark w = LogWatermark.decode(area, (int) watermarkOffset(copy));
            if (w != null && w.belongsTo(h) && (best == null || w.seqEnd() > best.seqEnd())) {
                best = w;
            }
        }
        return best;
    }

    // ---- tree

    private void tree(Pager pager, Header h) {
        if (h.rootPageId == 0) {
            line("tree: empty");
            return;
        }
        line("tree (root page " + h.rootPageId + "):");
        List<Long> level = new ArrayList<>();
        level.add(h.rootPageId);
        List<String> overflow = new ArrayList<>();
        byte[] page = new byte[h.pageSize];
        for (int depth = 0; !level.isEmpty() && depth < Tree.MAX_DEPTH; depth++) {
            line("  level " + depth + ": " + level.size() + " page" + (level.size() == 1 ? "" : "s"));
            List<Long> next = new ArrayList<>();
            for (long id : level) {
                try {
                    pager.readPage(id, page, (byte) 0);
                } catch (StoreException e) {
                    line("    " + e.getMessage());
                    continue;
                }
                line("    " + node(id, page, h.pageSize, next, overflow, pager));
            }
            level = next;
        }
        for (String o : overflow) {
            line("  " + o);
        }
    }

    private String node(long id, byte[] p, int pageSize, List<Long> children, List<String> overflow, Pager pager) {
        int n = NodeCodec.count(p);
        boolean leaf = NodeCodec.isLeaf(p);
        StringBuilder sb = new StringBuilder("page " + id + " " + (leaf ? "leaf" : "branch") + ", " + n + " key"
                + (n == 1 ? "" : "s") + ", " + (100 * NodeCodec.usedBytes(p) / NodeCodec.capacity(p)) + "% full, checksum ok");
        try {
            if (n > 0) {
                sb.append(", keys ").append(keys.format(NodeCodec.key(p, 0))).append(" .. ")
                        .append(keys.format(NodeCodec.key(p, n - 1)));
            }
            if (leaf) {
                for (int i = 0; i < n; i++) {
                    int cell = NodeCodec.cell(p, i);
                    if (NodeCodec.isOverflow(p, cell)) {
                        overflow.add(overflowRun(p, cell, i, pager));
                    }
                }
            } else {
                for (int i = 0; i <= n; i++) {
                    children.add(NodeCodec.child(p, i));
                }
                sb.append(", children ").append(NodeCodec.child(p, 0)).append(n > 0 ? " .. " + NodeCodec.rightmost(p) : "");
            }
        } catch (RuntimeException e) {
            sb.append(", unreadable cells (").append(e).append(")");
        }
        return sb.toString();
    }

    private String overflowRun(byte[] p, int cell, int i, Pager pager) {
        long first = NodeCodec.overflowFirstPage(p, cell);
        int count = NodeCodec.overflowPageCount(p, cell);
        int length = NodeCodec.valueLength(p, cell);
        String run = "overflow pages " + first + ".." + (first + count - 1) + ": value of " + length + " bytes for key "
                + keys.format(NodeCodec.key(p, i));
        try {
            pager.readOverflow(first, count, length);
            return run + ", checksums ok";
        } catch (StoreException e) {
            return run + ": " + e.getMessage();
        }
    }

    // ---- free list

    private void freeList(Pager pager, Header h) {
        try {
            FreeListCodec.FreeList list = FreeListCodec.load(pager, h);
            StringBuilder sb = new StringBuilder("free list: " + list.pages().length + " list page"
                    + (list.pages().length == 1 ? "" : "s"));
            for (long id : list.pages()) {
                sb.append(' ').append(id);
            }
            sb.append(", ").append(list.available().pages()).append(" free pages in ")
                    .append(list.available().extentCount()).append(" extents");
            for (FreeSpace.Extent e : list.available().list()) {
                sb.append(' ').append(e.start()).append('+').append(e.count());
            }
            line(sb.toString());
        } catch (StoreException e) {
            line("free list: " + e.getMessage());
        }
    }

    // ---- log

    private void log(Header h, LogWatermark watermark) {
        long at = h.logStart;
        long seq = h.logFirstSeq;
        int chain = h.logSalt;
        line("log: from byte " + at + ", salt " + hex(h.logSalt) + ", first sequence " + seq);
        String stop = "end of file";
        while (at + FRAME_HEADER_BYTES <= size) {
            byte[] head = read(at, FRAME_HEADER_BYTES);
            long length = Bits.i32(head, FRAME_LENGTH) & 0xFFFFFFFFL;
            String frame = "  frame at byte " + at + ": ";
            if (Bits.i32(head, FRAME_SALT) != h.logSalt || Bits.i64(head, FRAME_SEQ) != seq) {
                stop = "byte " + at + " holds no frame of this log (salt " + hex(Bits.i32(head, FRAME_SALT)) + ", sequence "
                        + Bits.i64(head, FRAME_SEQ) + ", expected " + seq + "): unwritten, stale, torn or damaged";
                break;
            }
            if (length > size - at - FRAME_HEADER_BYTES) {
                stop = frame + "sequence " + seq + " claims " + length + " bytes, past the end of the file: torn or damaged";
                break;
            }
            byte[] payload = read(at + FRAME_HEADER_BYTES, (int) length);
            int crc = CommitLog.frameChecksum(head, payload, chain);
            if (crc != Bits.i32(head, FRAME_CHECKSUM)) {
                stop = frame + "sequence " + seq + ", " + length + " bytes: checksum mismatch (torn or damaged)";
                break;
            }
            if (!CommitLog.wellFormedPayload(payload)) {
                stop = frame + "sequence " + seq + ": checksum ok but its records do not parse";
                break;
            }
            line(frame + "sequence " + seq + ", " + length + " bytes, checksum ok, " + records(payload));
            chain = crc;
            seq++;
            at += FRAME_HEADER_BYTES + length;
        }
        line("  replay stops: " + stop + " (" + (seq - h.logFirstSeq) + " frames, " + (at - h.logStart) + " bytes"
                + (size > at ? "; " + (size - at) + " bytes after" : "") + ")");
        if (watermark == null) {
            line("  no valid watermark for this log: every frame counts as a tail a crash may have torn");
        } else if (seq < watermark.seqEnd()) {
            line("  CORRUPT: the watermark says frames before " + watermark.seqEnd() + " (up to byte " + watermark.byteEnd()
                    + ") were acknowledged, replay stops at " + seq);
        } else {
            line("  the watermark's acknowledged frames (before " + watermark.seqEnd() + ", up to byte "
                    + watermark.byteEnd() + ") are all whole");
        }
    }

    private String records(byte[] payload) {
        CommitLog.Records r = new CommitLog.Records(payload);
        int puts = 0;
        int deletes = 0;
        StringBuilder listed = new StringBuilder();
        while (r.hasNext()) {
            byte kind = r.kind();
            byte[] key = r.bytes(r.length(MAX_KEY_BYTES));
            if (kind == RECORD_PUT) {
                puts++;
                r.skip(r.length(Integer.MAX_VALUE));
            } else {
                deletes++;
            }
            if (puts + deletes <= KEYS_PER_FRAME) {
                listed.append(puts + deletes == 1 ? "" : ", ").append(kind == RECORD_PUT ? "put " : "delete ")
                        .append(keys.format(key));
            }
        }
        return puts + " put" + (puts == 1 ? "" : "s") + ", " + deletes + " delete" + (deletes == 1 ? "" : "s") + ": "
                + listed + (puts + deletes > KEYS_PER_FRAME ? ", ..." : "");
    }

    // ---- what an open makes of it

    private void open() {
        try (Store store = Store.open(new Unclosed(file), StoreOptions.defaults().readOnly(true))) {
            store.verify();
            line("read-only open: " + store.size() + " entries, verify() ok");
        } catch (StoreException e) {
            line("read-only open: " + e.getMessage());
        }
    }

    /** The file without its close, so the store the dump opens leaves it to the caller. */
    private static final class Unclosed implements BlockFile {
        private final BlockFile inner;

        Unclosed(BlockFile inner) {
            this.inner = inner;
        }

        @Override
        public int read(long byteOffset, ByteBuffer dst) {
            return inner.read(byteOffset, dst);
        }

        @Override
        public void write(long byteOffset, ByteBuffer src) {
            throw StoreException.io("the dump never writes", null);
        }

        @Override
        public long size() {
            return inner.size();
        }

        @Override
        public void truncate(long byteSize) {
            throw StoreException.io("the dump never writes", null);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    // ---- helpers

    private byte[] read(long at, int length) {
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(1, length));
        buf.limit(length);
        int n = 0;
        while (buf.hasRemaining()) {
            int step = file.read(at + n, buf);
            if (step <= 0) {
                break;
            }
            n += step;
        }
        byte[] b = new byte[length];
        buf.flip();
        buf.get(b, 0, n);
        return b;
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    /** Printable ASCII in quotes; any other byte as {@code \xHH}. */
    public static String quoted(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return sb.append('"').toString();
    }
}
