package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.io.BlockFile;
import cojson.storage.opfs.io.JvmFile;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a store file's bytes go: per table (the key's first byte) the entries, key bytes, value
 * bytes, cell headers and slots; leaf and branch pages with their fill; overflow pages, free
 * pages, free-list pages and the log. Reads the durable header and the pages it reaches, nothing
 * else (a running store's log is counted as bytes, not replayed).
 * Run: {@code mvn -q -pl core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=cojson.storage.opfs.engine.SpaceReport -Dexec.args=FILE}, or from a test.
 */
public final class SpaceReport {
    static final class Table {
        long entries;
        long keyBytes;
        long inlineValueBytes;
        long overflowValueBytes;
        long overflowPages;
        long cellOverhead;
    }

    final TreeMap<Character, Table> tables = new TreeMap<>();
    long fileBytes;
    long pageCount;
    long freePages;
    long logBytes;
    long leafPages;
    long branchPages;
    long leafUsedBytes;
    long branchUsedBytes;
    long freeListPages;
    int depth;
    int pageSize;

    private final BlockFile file;

    private SpaceReport(BlockFile file) {
        this.file = file;
    }

    public static SpaceReport of(BlockFile file) {
        SpaceReport r = new SpaceReport(file);
        r.run();
        return r;
    }

    private void run() {
        HeaderSlots slots = HeaderSlots.read(file);
        Header h = slots.durable;
        fileBytes = file.size();
        if (h == null) {
            return;
        }
        pageSize = h.pageSize;
        pageCount = h.pageCount;
        freePages = h.freePages;
        logBytes = Math.max(0, fileBytes - h.logStart);
        for (long id = h.freeListHead; id != 0; ) {
            byte[] p = page(id);
            freeListPages++;
            id = Bits.i64(p, OFFSET_FREE_NEXT);
        }
        if (h.rootPageId != 0) {
            walk(h.rootPageId, 1);
        }
    }

    private byte[] page(long id) {
        byte[] p = new byte[pageSize];
        ByteBuffer b = ByteBuffer.allocate(pageSize);
        file.read(id * pageSize, b);
        b.flip();
        b.get(p);
        return p;
    }

    private void walk(long id, int level) {
        depth = Math.max(depth, level);
        byte[] p = page(id);
        int n = NodeCodec.count(p);
        if (!NodeCodec.isLeaf(p)) {
            branchPages++;
            branchUsedBytes += NodeCodec.usedBytes(p);
            for (int i = 0; i <= n; i++) {
                walk(NodeCodec.child(p, i), level + 1);
            }
            return;
        }
        leafPages++;
        leafUsedBytes += NodeCodec.usedBytes(p);
        for (int i = 0; i < n; i++) {
            int c = NodeCodec.cell(p, i);
            int keyLength = NodeCodec.keyLength(p, c);
            char table = keyLength == 0 ? '-' : (char) (p[NodeCodec.keyOffset(p, c)] & 0xFF);
            Table t = tables.computeIfAbsent(table, k -> new Table());
            t.entries++;
            t.keyBytes += keyLength;
            t.cellOverhead += LEAF_CELL_KEY + SLOT_BYTES;
            if (NodeCodec.isOverflow(p, c)) {
                t.overflowValueBytes += NodeCodec.valueLength(p, c);
                t.overflowPages += NodeCodec.overflowPageCount(p, c);
                t.cellOverhead += OVERFLOW_REF_BYTES;
            } else {
                t.inlineValueBytes += NodeCodec.valueLength(p, c);
            }
        }
    }

    /** Bytes in leaf cells and slots over the leaves' capacity, 0..1. */
    public double leafFill() {
        return (double) leafUsedBytes / Math.max(1, leafPages * (pageSize - NODE_HEADER_BYTES));
    }

    /** Bytes in branch cells and slots over the branches' capacity, 0..1. */
    public double branchFill() {
        return (double) branchUsedBytes / Math.max(1, branchPages * (pageSize - NODE_HEADER_BYTES));
    }

    public long branchPages() {
        return branchPages;
    }

    /** Free pages over the page space, 0..1. */
    public double freeFraction() {
        return (double) freePages / Math.max(1, pageCount - firstPage(pageSize));
    }

    public long leafPages() {
        return leafPages;
    }

    public long fileBytes() {
        return fileBytes;
    }

    public long logBytes() {
        return logBytes;
    }

    public long pageCount() {
        return pageCount;
    }

    public long freePages() {
        return freePages;
    }

    /** Key and value bytes of every entry: what any store must hold. */
    public long payloadBytes() {
        long n = 0;
        for (Table t : tables.values()) {
            n += t.keyBytes + t.inlineValueBytes + t.overflowValueBytes;
        }
        return n;
    }

    long overflowPages() {
        long n = 0;
        for (Table t : tables.values()) {
            n += t.overflowPages;
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("file %,d B = page space %,d pages (%,d B) + log %,d B%n", fileBytes, pageCount,
                pageCount * pageSize, logBytes));
        long live = leafPages + branchPages + overflowPages() + freeListPages;
        s.append(String.format("pages: %d leaf (%.0f%% full), %d branch (%.0f%% full), %d overflow, %d free-list,"
                        + " %d free (%.0f%%), depth %d, live %d%n",
                leafPages, 100.0 * leafUsedBytes / Math.max(1, leafPages * (pageSize - NODE_HEADER_BYTES)),
                branchPages, 100.0 * branchUsedBytes / Math.max(1, branchPages * (pageSize - NODE_HEADER_BYTES)),
                overflowPages(), freeListPages, freePages, 100.0 * freePages / Math.max(1, pageCount - firstPage(pageSize)),
                depth, live));
        s.append("table  entries   keyB       inlineValB   overflowValB  cellOverheadB%n".formatted());
        for (Map.Entry<Character, Table> e : tables.entrySet()) {
            Table t = e.getValue();
            s.append(String.format("  %c  %8d  %10d  %12d  %12d  %12d%n", e.getKey(), t.entries, t.keyBytes,
                    t.inlineValueBytes, t.overflowValueBytes, t.cellOverhead));
        }
        return s.toString();
    }

    public static void main(String[] args) {
        for (String a : args) {
            try (JvmFile f = JvmFile.open(a)) {
                System.out.println(a);
                System.out.print(of(f));
            }
        }
    }
}
