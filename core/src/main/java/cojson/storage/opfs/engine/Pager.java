package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import cojson.storage.opfs.StoreException;
import cojson.storage.opfs.io.CountingFile;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Pages in memory and on disk: the page cache, the dirty set, copy-on-write, overflow values and
 * free space. Dirty nodes and overflow values carry temporary ids (at or above {@link #TEMP_BASE})
 * until a checkpoint places them; a page of the durable tree is never written in place.
 */
final class Pager {
    /** Ids at or above this are temporary: dirty nodes and overflow values not yet placed. */
    static final long TEMP_BASE = 1L << 56;

    private final CountingFile file;
    final int pageSize;
    final long firstPage;
    private final PageCache cache;
    /** Dirty nodes by temporary id. */
    private final LongMap<Node> dirty = new LongMap<>();
    /** Overflow values not yet placed, by temporary id. */
    private final LongMap<byte[]> overflowValues = new LongMap<>();
    private long overflowBytes;
    /** Pages free in the durable header: the next checkpoint may write there. */
    private FreeSpace available = new FreeSpace();
    /** Pages reachable from the durable header but no longer from the current tree. */
    private FreeSpace pending = new FreeSpace();
    /** The durable free list's own pages. */
    private long[] freeListPages = new long[0];
    /** Pages [firstPage, pageCount) make up the page space of the durable header. */
    private long pageCount;
    private long nextTemp = TEMP_BASE;
    private ByteBuffer io = ByteBuffer.allocateDirect(0);

    /** The pager of the durable header's page space, {@code [firstPage, pageCount)}, with no free list loaded yet. */
    Pager(CountingFile file, int pageSize, long cacheBytes, long pageCount) {
        this.file = file;
        this.pageSize = pageSize;
        this.firstPage = Format.firstPage(pageSize);
        this.cache = new PageCache(cacheBytes, pageSize);
        this.pageCount = pageCount;
    }

    static boolean isTemp(long id) {
        return id >= TEMP_BASE;
    }

    // ---- the durable page space and its free space

    long pageCount() {
        return pageCount;
    }

    /** Takes over the durable free list read at open: its extents and its own pages. */
    void adoptFreeList(FreeListCodec.FreeList list) {
        this.available = list.available();
        this.freeListPages = list.pages().clone();
    }

    /**
     * After a checkpoint's header is durable: {@code free} is the new durable free set, listed on
     * {@code listPages}; pages freed before it became usable with it, so none are pending.
     */
    void checkpointed(FreeSpace free, long[] listPages, long newPageCount) {
        this.available = free;
        this.pending = new FreeSpace();
        this.freeListPages = listPages.clone();
        this.pageCount = newPageCount;
    }

    /** A copy of the pages free in the durable header, for a checkpoint to place pages on. */
    FreeSpace availableCopy() {
        return available.copy();
    }

    long availablePages() {
        return available.pages();
    }

    List<FreeSpace.Extent> availableExtents() {
        return available.list();
    }

    /** Pages freed since the durable header (reusable only after the next checkpoint). */
    List<FreeSpace.Extent> pendingExtents() {
        return pending.list();
    }

    /** The durable free list's own pages, a copy. */
    long[] freeListPages() {
        return freeListPages.clone();
    }

    /** True when nothing changed since the durable header (no dirty node, value or freed page). */
    boolean clean() {
        return dirty.isEmpty() && overflowValues.isEmpty() && pending.isEmpty();
    }

    // ---- the page cache

    long cacheBytes() {
        return cache.bytes();
    }

    long cacheHits() {
        return cache.hits;
    }

    long cacheMisses() {
        return cache.misses;
    }

    // ---- nodes

    Node node(long id) {
        if (isTemp(id)) {
            Node n = dirty.get(id);
            if (n == null) {
                throw new IllegalStateException("no dirty node " + id);
            }
            return n;
        }
        Node n = cache.get(id);
        if (n == null) {
            byte[] page = new byte[pageSize];
            readPage(id, page, (byte) 0);
            n = new Node(id, page, false);
            cache.put(n);
        }
        return n;
    }

    Node newNode(byte type) {
        byte[] page = new byte[pageSize];
        NodeCodec.init(page, type);
        Node n = new Node(nextTemp++, page, true);
        dirty.put(n.id, n);
        return n;
    }

    /** The node itself if dirty; else a dirty copy with a new id (the caller repoints the parent). */
    Node writable(Node n) {
        if (n.dirty) {
            return n;
        }
        byte[] copy = new byte[pageSize];
        System.arraycopy(n.page, 0, copy, 0, pageSize);
        cache.remove(n.id);
        pending.add(n.id, 1);
        Node w = new Node(nextTemp++, copy, true);
        // The split hint survives copy-on-write: a leaf taking a run of keys is checkpointed (and
        // copied) between two of its inserts as often as every commit when the store goes idle.
        w.lastInsert = n.lastInsert;
        dirty.put(w.id, w);
        return w;
    }

    void free(Node n) {
        if (n.dirty) {
            dirty.remove(n.id);
        } else {
            cache.remove(n.id);
            pending.add(n.id, 1);
        }
    }

    /** Pages the next checkpoint must place for what is dirty now (overflow runs rounded up). */
    long unplacedPages() {
        return dirty.size() + overflowValues.size() + overflowBytes / Format.overflowPayload(pageSize);
    }

    long dirtyBytes() {
        return (long) dirty.size() * pageSize + overflowBytes;
    }

    /** Removes a dirty node to place it on a page; the checkpoint hands it back with {@link #placed}. */
    Node takeDirty(long tempId) {
        Node n = dirty.remove(tempId);
        if (n == null) {
            throw new IllegalStateException("no dirty node " + tempId);
        }
        return n;
    }

    /** A node the checkpoint has written at {@code pageId}: clean from now on, and cached. */
    void placed(Node n, long pageId) {
        n.id = pageId;
        n.dirty = false;
        cache.put(n);
    }

    // ---- overflow values

    long putOverflow(byte[] value) {
        long id = nextTemp++;
        overflowValues.put(id, value);
        overflowBytes += value.length;
        return id;
    }

    void freeOverflow(long firstPageId, int pageCount) {
        if (isTemp(firstPageId)) {
            byte[] v = overflowValues.remove(firstPageId);
            if (v != null) {
                overflowBytes -= v.length;
            }
        } else {
            pending.add(firstPageId, pageCount);
        }
    }

    /** Removes an overflow value not yet placed, for a checkpoint to write. */
    byte[] takeOverflow(long tempId) {
        byte[] value = overflowValues.remove(tempId);
        if (value == null) {
            throw new IllegalStateException("no overflow value " + tempId);
        }
        overflowBytes -= value.length;
        return value;
    }

    byte[] readOverflow(long firstPageId, int pages, int length) {
        if (isTemp(firstPageId)) {
            byte[] v = overflowValues.get(firstPageId);
            if (v == null || v.length != length) {
                throw new IllegalStateException("no overflow value " + firstPageId);
            }
            return v.clone();
        }
        if (pages != Format.overflowPages(length, pageSize) || firstPageId < firstPage
                || firstPageId + pages > pageCount) {
            throw StoreException.corruptPage(firstPageId, "bad overflow reference (" + pages + " pages, "
                    + length + " bytes)");
        }
        byte[] value = new byte[length];
        int payload = Format.overflowPayload(pageSize);
        byte[] page = new byte[pageSize];
        ByteBuffer buf = ioBuffer((long) pages * pageSize);
        readFully(firstPageId * pageSize, buf, firstPageId);
        for (int i = 0; i < pages; i++) {
            buf.position(i * pageSize);
            buf.get(page, 0, pageSize);
            PageCodec.check(page, firstPageId + i, TYPE_OVERFLOW);
            int n = Math.min(payload, length - i * payload);
            System.arraycopy(page, OVERFLOW_HEADER_BYTES, value, i * payload, n);
        }
        return value;
    }

    // ---- read-ahead

    /**
     * Pages between two wanted ones read along rather than split the call. A read call costs
     * 1–3 µs on OPFS and a 4 KiB copy about as much, so a gap of two pages is the break-even.
     */
    private static final int READ_AHEAD_GAP_PAGES = 2;
    /** The most pages one read-ahead asks for: 1 MiB, as the checkpoint's write runs. */
    static final int READ_AHEAD_MAX_PAGES = 256;

    /** Whether reading {@code id} would cost no read call (dirty, or in the cache). */
    boolean isCached(long id) {
        return isTemp(id) || cache.contains(id);
    }

    /** At most this many pages read ahead at once: a quarter of the cache, so they outlive the scan's next steps. */
    int readAheadLimit() {
        return (int) Math.max(1, Math.min(READ_AHEAD_MAX_PAGES, cache.capacityPages() / 4));
    }

    /**
     * Reads the node pages {@code ids[0, count)} that are not cached in as few calls as their
     * places allow (runs of ascending ids, small gaps read along) and caches them. A page that
     * fails its check is left out: the read that needs it reports the damage, with its context.
     */
    void readAhead(long[] ids, int count) {
        java.util.Arrays.sort(ids, 0, count);
        int i = 0;
        while (i < count) {
            long first = ids[i];
            if (isCached(first) || first < firstPage || first >= pageCount) {
                i++;
                continue;
            }
            int j = i + 1;
            long last = first;
            while (j < count && ids[j] - last <= READ_AHEAD_GAP_PAGES + 1 && ids[j] - first < READ_AHEAD_MAX_PAGES
                    && ids[j] < pageCount) {
                if (!isCached(ids[j])) {
                    last = ids[j];
                }
                j++;
            }
            int pages = (int) (last - first + 1);
            ByteBuffer buf = ioBuffer((long) pages * pageSize);
            if (file.read(first * pageSize, buf) == pages * pageSize) {
                for (int k = i; k < j; k++) {
                    long id = ids[k];
                    if (id <= last && !isCached(id)) {
                        cacheFrom(buf, (int) (id - first), id);
                    }
                }
            }
            i = j;
        }
    }

    private void cacheFrom(ByteBuffer buf, int index, long id) {
        byte[] page = new byte[pageSize];
        buf.position(index * pageSize);
        buf.get(page, 0, pageSize);
        try {
            PageCodec.check(page, id, (byte) 0);
        } catch (StoreException e) {
            return;
        }
        cache.put(new Node(id, page, false));
    }

    // ---- page I/O

    /** Reads and checks page {@code id}; {@code type} 0 accepts a leaf or a branch. */
    void readPage(long id, byte[] into, byte type) {
        if (id < firstPage || id >= pageCount) {
            throw StoreException.corruptPage(id, "page id out of range [" + firstPage + ", " + pageCount + ")");
        }
        ByteBuffer buf = ioBuffer(pageSize);
        readFully(id * pageSize, buf, id);
        buf.position(0);
        buf.get(into, 0, pageSize);
        PageCodec.check(into, id, type);
    }

    private void readFully(long byteOffset, ByteBuffer buf, long pageId) {
        int want = buf.remaining();
        int n = file.read(byteOffset, buf);
        if (n != want) {
            throw StoreException.corruptPage(pageId, "file ends inside the page (read " + n + " of " + want + " bytes)");
        }
    }

    /** The checkpoint's barrier: every page written so far is durable when it returns. */
    void flush() {
        file.flush();
    }

    /** Writes {@code count} sealed pages from {@code pages} as one call at {@code firstId}. */
    void writeRun(long firstId, byte[][] pages, int from, int count) {
        ByteBuffer buf = ioBuffer((long) count * pageSize);
        for (int i = 0; i < count; i++) {
            buf.put(pages[from + i], 0, pageSize);
        }
        buf.flip();
        file.write(firstId * pageSize, buf);
    }

    /** The shared direct I/O buffer, cleared, with exactly {@code bytes} remaining. */
    ByteBuffer ioBuffer(long bytes) {
        if (bytes > Integer.MAX_VALUE - 16) {
            throw StoreException.invalidArgument("I/O of " + bytes + " bytes is too large");
        }
        if (io.capacity() < bytes) {
            int cap = Math.max(pageSize, Integer.highestOneBit((int) bytes - 1) << 1);
            io = ByteBuffer.allocateDirect(cap);
        }
        io.clear();
        io.limit((int) bytes);
        return io;
    }
}
