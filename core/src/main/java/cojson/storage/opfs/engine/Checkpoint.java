package cojson.storage.opfs.engine;

import static cojson.storage.opfs.engine.Format.*;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the in-memory changes back as pages and moves the commit point. The protocol, with its
 * I/O budget (R = runs of contiguous pages, at most {@link #MAX_RUN_BYTES} each):
 * <ol>
 *   <li>Place every dirty node and overflow value, children before parents, on pages free in the
 *       durable header, lowest first, else past the end of both the page space and the live log
 *       (crash invariant 1). Nothing is written yet.</li>
 *   <li>The new free set: what stayed free, plus pages freed since the durable header (invariant 2:
 *       usable from the next checkpoint on), the old free-list pages, and the old log's pages if the
 *       page space grew past them. Its list goes on pages taken like those of step 1.</li>
 *   <li>R write calls, in page order, then one flush.</li>
 *   <li>The header, mirrored: 1 write, 1 flush (the commit point), 1 write ({@link HeaderSlots#commit}).</li>
 * </ol>
 * So a checkpoint costs R + 2 writes and 2 flushes. Only after step 4 do the new log's frames
 * overwrite the old log, which the new header no longer needs.
 */
final class Checkpoint {
    static final int MAX_RUN_BYTES = 1 << 20;

    private final Pager pager;
    private final FreeSpace pool;
    private long nextNewPage;
    private final long oldPageCount;
    /** The first page past the live log: new pages go at or after it. */
    private final long logEndPage;
    private final TreeMap<Long, byte[]> writes = new TreeMap<>();
    /** Whether a page was taken past the old page space (so the old log's pages join it, free). */
    private boolean grewAtAll;
    /** The new header's page count: the grown page space less its free tail. */
    private long finalPageCount;

    private Checkpoint(Pager pager, long logEndByte) {
        this.pager = pager;
        // A copy: places are taken from it before anything is written, and a failed checkpoint
        // must leave the pager's durable free space as it was.
        this.pool = pager.availableCopy();
        this.oldPageCount = pager.pageCount();
        this.logEndPage = (logEndByte + pager.pageSize - 1) / pager.pageSize;
        this.nextNewPage = Math.max(oldPageCount, logEndPage);
    }

    /** Runs a checkpoint; returns the new durable header. The caller resets the log after it. */
    static Header run(Pager pager, Tree tree, CommitLog log, HeaderSlots slots, int newSalt) {
        Checkpoint c = new Checkpoint(pager, log.end);
        // Step 1: place the dirty tree, children first, so each parent records its children's pages.
        long root = tree.root == 0 ? 0 : c.place(tree.root);
        tree.root = root;
        // Step 2: the new free set and the pages that list it. Taking a list page can grow the
        // page space or split an extent, so repeat until the list fits its pages.
        int perPage = Format.freeExtentsPerPage(pager.pageSize);
        long[] listPages = new long[0];
        FreeSpace free;
        while (true) {
            free = c.freeAfter();
            c.finalPageCount = c.grewAtAll ? c.nextNewPage : c.oldPageCount;
            for (long t = free.trimTail(c.finalPageCount); t != c.finalPageCount; t = free.trimTail(t)) {
                c.finalPageCount = t;
            }
            if ((free.extentCount() + perPage - 1) / perPage <= listPages.length) {
                break;
            }
            listPages = java.util.Arrays.copyOf(listPages, listPages.length + 1);
            listPages[listPages.length - 1] = c.takeOne();
        }
        byte[][] encoded = FreeListCodec.encode(free.list(), listPages, pager.pageSize);
        for (int i = 0; i < listPages.length; i++) {
            c.writes.put(listPages[i], encoded[i]);
        }

        // Step 3: pages, in coalesced runs, then the barrier.
        c.writeRuns();
        pager.flush();

        // Step 4: the commit point.
        Header next = new Header(pager.pageSize, slots.durable.generation + 1, root, c.finalPageCount,
                listPages.length == 0 ? 0 : listPages[0], free.pages(), c.finalPageCount * pager.pageSize,
                newSalt, log.nextSeq, tree.entryCount);
        slots.commit(next);

        pager.checkpointed(free, listPages, c.finalPageCount);
        return next;
    }

    /**
     * Pages free once the new header is durable: the rest of the pool, the pages freed since the
     * durable header, its free-list pages, and, if the page space grew past it, the old log.
     */
    private FreeSpace freeAfter() {
        FreeSpace free = pool.copy();
        for (FreeSpace.Extent e : pager.pendingExtents()) {
            free.add(e.start(), e.count());
        }
        for (long id : pager.freeListPages()) {
            free.add(id, 1);
        }
        if (grewAtAll && logEndPage > oldPageCount) {
            free.add(oldPageCount, logEndPage - oldPageCount);
        }
        return free;
    }

    private long takeOne() {
        long id = pool.takeOne();
        if (id >= 0) {
            return id;
        }
        grewAtAll = true;
        return nextNewPage++;
    }

    private long takeRun(int count) {
        long id = pool.takeRun(count);
        if (id >= 0) {
            return id;
        }
        grewAtAll = true;
        long start = nextNewPage;
        nextNewPage += count;
        return start;
    }

    /** Places the dirty subtree at {@code id}, children first; returns its page id. */
    private long place(long id) {
        if (!Pager.isTemp(id)) {
            return id;
        }
        Node n = pager.takeDirty(id);
        byte[] p = n.page;
        int count = NodeCodec.count(p);
        if (NodeCodec.isLeaf(p)) {
            for (int i = 0; i < count; i++) {
                int cell = NodeCodec.cell(p, i);
                if (NodeCodec.isOverflow(p, cell) && Pager.isTemp(NodeCodec.overflowFirstPage(p, cell))) {
                    NodeCodec.setOverflowFirstPage(p, cell, placeOverflow(NodeCodec.overflowFirstPage(p, cell)));
                }
            }
        } else {
            for (int i = 0; i <= count; i++) {
                long child = NodeCodec.child(p, i);
                if (Pager.isTemp(child)) {
                    NodeCodec.setChild(p, i, place(child));
                }
            }
        }
        long pageId = takeOne();
        PageCodec.seal(p, pageId);
        writes.put(pageId, p);
        pager.placed(n, pageId);
        return pageId;
    }

    private long placeOverflow(long tempId) {
        byte[] value = pager.takeOverflow(tempId);
        int payload = Format.overflowPayload(pager.pageSize);
        int pages = Format.overflowPages(value.length, pager.pageSize);
        long start = takeRun(pages);
        for (int i = 0; i < pages; i++) {
            byte[] page = new byte[pager.pageSize];
            page[OFFSET_PAGE_TYPE] = TYPE_OVERFLOW;
            int n = Math.min(payload, value.length - i * payload);
            System.arraycopy(value, i * payload, page, OVERFLOW_HEADER_BYTES, n);
            PageCodec.seal(page, start + i);
            writes.put(start + i, page);
        }
        return start;
    }

    /** Writes the placed pages in runs of contiguous ids. */
    private void writeRuns() {
        int maxRun = Math.max(1, MAX_RUN_BYTES / pager.pageSize);
        byte[][] run = new byte[maxRun][];
        long runStart = -1;
        int runLength = 0;
        for (Map.Entry<Long, byte[]> e : writes.entrySet()) {
            long id = e.getKey();
            if (runLength > 0 && (id != runStart + runLength || runLength == maxRun)) {
                pager.writeRun(runStart, run, 0, runLength);
                runLength = 0;
            }
            if (runLength == 0) {
                runStart = id;
            }
            run[runLength++] = e.getValue();
        }
        if (runLength > 0) {
            pager.writeRun(runStart, run, 0, runLength);
        }
    }
}
